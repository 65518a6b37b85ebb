// A private CA, an HTTPS server signed by it and an HTTP CONNECT proxy, all on 127.0.0.1: the
// setup of a self-managed GitLab behind a company CA and proxy, without any network.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

export interface LocalPki {
  /** PEM of the CA that signed the server's certificate. */
  readonly caPem: string;
  readonly serverKeyPem: string;
  /** Certificate for IP 127.0.0.1 and DNS localhost, signed by the CA. */
  readonly serverCertPem: string;
}

/** Generates the CA and the server certificate with the openssl CLI. */
export function createLocalPki(): LocalPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-pki-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  try {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Release Pilot Test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=gitlab.test', '-keyout', file('server.key'), '-out', file('server.csr'));
    fs.writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('san.ext'), '-out', file('server.pem'));
    return { caPem: fs.readFileSync(file('ca.pem'), 'utf8'), serverKeyPem: fs.readFileSync(file('server.key'), 'utf8'), serverCertPem: fs.readFileSync(file('server.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(server: http.Server | https.Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface ConnectProxy extends Listening {
  /** `host:port` of every CONNECT it was asked for. */
  readonly tunnels: string[];
}

/** An HTTP proxy that only tunnels (CONNECT), as corporate proxies do for HTTPS; `refuse` answers 407. */
export async function startConnectProxy(options: { readonly refuse?: boolean } = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    sockets.add(client);
    if (options.refuse) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  const listening = await listen(server);
  return {
    ...listening,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await listening.close();
    },
  };
}

type CreateCallback = (error: Error | null, socket?: net.Socket) => void;

/**
 * An https.Agent that tunnels through a CONNECT proxy and verifies the server against the
 * CAs in the request options: what VS Code's proxy agent does for `http.proxy`. Node's agent
 * accepts a `createConnection` that answers through its callback; Node's types only know the
 * synchronous form, hence the property is defined rather than overridden.
 */
export function connectTunnelAgent(proxyPort: number): https.Agent {
  const agent = new https.Agent({ keepAlive: false });
  const createConnection = (options: tls.ConnectionOptions & { host?: string; port?: number }, callback: CreateCallback): undefined => {
    const target = `${options.host ?? '127.0.0.1'}:${options.port ?? 443}`;
    const connect = http.request({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: target });
    connect.once('connect', (res: http.IncomingMessage, socket: net.Socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        callback(Object.assign(new Error(`proxy answered ${res.statusCode ?? 0} to CONNECT`), { code: 'ERR_PROXY_REFUSED' }));
        return;
      }
      const host = options.host ?? '127.0.0.1';
      const secure = tls.connect({ socket, host, ca: options.ca, rejectUnauthorized: true, ...(net.isIP(host) ? {} : { servername: host }) });
      secure.once('secureConnect', () => callback(null, secure));
      secure.once('error', (error: Error) => callback(error));
    });
    connect.once('error', (error) => callback(error));
    connect.end();
    return undefined;
  };
  Object.defineProperty(agent, 'createConnection', { value: createConnection });
  return agent;
}
