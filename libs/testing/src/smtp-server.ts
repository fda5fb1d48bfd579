import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** the message as delivered (headers, quoted-printable body) */
  raw: string;
  /** `raw` with quoted-printable soft breaks and escapes undone, for reading links */
  text: string;
}

export interface TestSmtpServer {
  /** SMTP_URL for the platform */
  url: string;
  received: ReceivedMail[];
  stop(): Promise<void>;
}

const unquote = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** A real SMTP server (npm smtp-server) on a free loopback port that keeps every message it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: unquote(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
