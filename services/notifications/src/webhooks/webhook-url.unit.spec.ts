import { checkWebhookUrl } from './webhook-url';

describe('webhook endpoint URLs', () => {
  const code = (url: string, allowPrivate = false) => {
    try {
      checkWebhookUrl(url, allowPrivate);
      return 'ok';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('are absolute https URLs of public hosts, without credentials', () => {
    expect(code('https://hooks.example.ac.uk/certificates?x=1')).toBe('ok');
    expect(code('http://hooks.example.ac.uk/')).toBe('WEBHOOK_URL_INVALID');
    expect(code('https://user:pw@hooks.example.ac.uk/')).toBe('WEBHOOK_URL_INVALID');
    expect(code('hooks.example.ac.uk')).toBe('WEBHOOK_URL_INVALID');
  });

  it('refuse loopback, private and special-purpose addresses unless allowed (tests)', () => {
    for (const url of ['https://127.0.0.1:8443/', 'https://10.1.2.3/', 'https://[::1]/', 'https://169.254.169.254/', 'https://localhost/', 'https://[::ffff:192.168.1.1]/'])
      expect(code(url)).toBe('WEBHOOK_URL_PRIVATE');
    expect(code('https://127.0.0.1:8443/', true)).toBe('ok');
    expect(code('https://192.0.2.1/')).toBe('WEBHOOK_URL_PRIVATE');
    expect(code('https://8.8.8.8/')).toBe('ok');
  });
});
