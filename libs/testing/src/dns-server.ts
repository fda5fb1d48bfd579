import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import * as packet from 'dns-packet';

export type TestDnsRecord =
  | { name: string; type: 'A'; data: string }
  | { name: string; type: 'AAAA'; data: string }
  | { name: string; type: 'TXT'; data: string }
  | { name: string; type: 'CNAME'; data: string }
  | { name: string; type: 'CAA'; data: { flags?: number; tag: 'issue' | 'issuewild' | 'iodef'; value: string } };

/**
 * How the server answers a name, instead of from its records: an error code, no answer at all (a
 * timeout), or no answer to the first question only (a lost packet), then answers from its records.
 */
export type TestDnsFailure = 'SERVFAIL' | 'REFUSED' | 'drop' | 'drop-once';

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) for tests: real packets that a real resolver
 * (node's c-ares through `dns.Resolver#setServers`) asks and parses. It answers from the records
 * given, follows CNAMEs inside its own data, says NODATA for a name that exists with other types
 * (or has names below it), NXDOMAIN otherwise, and fails names on demand.
 */
export class TestDnsServer {
  private records: TestDnsRecord[] = [];
  private failures = new Map<string, TestDnsFailure>();
  /** every question asked, as `name TYPE`, for tests that check which names were looked up */
  readonly questions: string[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<TestDnsServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const server = new TestDnsServer(socket, socket.address().port);
    socket.on('message', (message, remote) => server.answer(message, remote));
    return server;
  }

  /** `127.0.0.1:<port>`, for DNS_RESOLVER */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  add(...records: TestDnsRecord[]): void {
    this.records.push(...records.map((r) => ({ ...r, name: r.name.toLowerCase() }) as TestDnsRecord));
  }

  remove(name: string, type?: TestDnsRecord['type']): void {
    this.records = this.records.filter((r) => r.name !== name.toLowerCase() || (type !== undefined && r.type !== type));
  }

  fail(name: string, how: TestDnsFailure): void {
    this.failures.set(name.toLowerCase(), how);
  }

  reset(): void {
    this.records = [];
    this.failures.clear();
    this.questions.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(message: Buffer, remote: RemoteInfo): void {
    let query: packet.Packet;
    try {
      query = packet.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    this.questions.push(`${name} ${question.type}`);
    const failure = this.failures.get(name);
    if (failure === 'drop') return;
    if (failure === 'drop-once') {
      this.failures.delete(name);
      return;
    }
    const { answers, rcode } = failure ? { answers: [], rcode: failure } : this.lookup(name, question.type);
    const flags = packet.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & packet.RECURSION_DESIRED) | rcodeValue(rcode);
    const reply = packet.encode({ id: query.id, type: 'response', flags, questions: [question], answers });
    this.socket.send(reply, remote.port, remote.address);
  }

  private lookup(name: string, type: string): { answers: packet.Answer[]; rcode: string } {
    const answers: packet.Answer[] = [];
    let current = name;
    for (let hops = 0; hops < 8; hops++) {
      const exact = this.records.filter((r) => r.name === current && r.type === type);
      if (exact.length > 0) return { answers: [...answers, ...exact.map((r) => toAnswer(r))], rcode: 'NOERROR' };
      const alias = type !== 'CNAME' ? this.records.find((r) => r.name === current && r.type === 'CNAME') : undefined;
      if (!alias) break;
      answers.push(toAnswer(alias));
      current = (alias.data as string).toLowerCase();
    }
    if (answers.length > 0) return { answers, rcode: 'NOERROR' };
    const exists = this.records.some((r) => r.name === name || r.name.endsWith(`.${name}`));
    return { answers: [], rcode: exists ? 'NOERROR' : 'NXDOMAIN' };
  }
}

const RCODES: Record<string, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };
const rcodeValue = (rcode: string): number => RCODES[rcode] ?? 2;

function toAnswer(record: TestDnsRecord): packet.Answer {
  switch (record.type) {
    case 'CAA':
      return { name: record.name, type: 'CAA', ttl: 60, data: { flags: record.data.flags ?? 0, tag: record.data.tag, value: record.data.value } };
    case 'TXT':
      return { name: record.name, type: 'TXT', ttl: 60, data: record.data };
    default:
      return { name: record.name, type: record.type, ttl: 60, data: record.data };
  }
}
