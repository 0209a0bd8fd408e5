import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface SelfSignedCert {
  certPem: string;
  keyPem: string;
  /** PEM file a child process can trust via NODE_EXTRA_CA_CERTS (it is its own CA). */
  certPath: string;
  keyPath: string;
  /** Removes the temporary directory holding the files. */
  remove(): Promise<void>;
}

/**
 * Makes a throw-away self-signed certificate for 127.0.0.1/localhost with the openssl CLI.
 * EC P-256 keeps generation in the tens of milliseconds; the IP SAN is what Node checks for wss://127.0.0.1.
 */
export async function createSelfSignedCert(commonName = '127.0.0.1'): Promise<SelfSignedCert> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fake-discord-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  try {
    await execFileAsync('openssl', [
      'req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${commonName}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not create a self-signed certificate with openssl (is it installed?): ${reason}`, { cause: error });
  }
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPem, keyPem, certPath, keyPath, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Makes every later TLS client in THIS process (including the `ws` client inside @discordjs/voice, which passes
 * no `ca` option) trust `certPem` on top of the bundled roots. Node >= 22.19/24.5 only. A child process should
 * instead be started with NODE_EXTRA_CA_CERTS=<certPath>, which Node reads once at start-up.
 * Returns a function that restores the previous defaults.
 */
export function trustCertificateInProcess(certPem: string): () => void {
  const previous = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...previous, certPem]);
  return () => tls.setDefaultCACertificates(previous);
}
