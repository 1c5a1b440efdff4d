// Document blobs in an S3-compatible store, from a browser or Node: `documents/<hex SHA-256>` in
// one bucket, path-style, as medshare-sdk's `DocumentStore` keeps them, with every request signed
// by SigV4 (aws4fetch). Uploads report their progress through XMLHttpRequest in a browser,
// downloads through the response stream. What is stored is encrypted; the caller checks a
// download's size and SHA-256 against the document's account before decrypting it.

import { bytesToHex } from '@noble/hashes/utils';

export interface StoreSettings {
  /** `http://127.0.0.1:9000` for `medshare store serve`, or a provider's S3 endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Bytes done of the total, as a transfer goes. */
export type Progress = (done: number, total: number) => void;

// What fetch and XMLHttpRequest take as a body; the blobs here are always over an ArrayBuffer.
const body = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

function refused(what: string, status: number): Error {
  if (status === 403) return new Error(`the document store refused the ${what}: its credentials are wrong (HTTP 403); check the store settings`);
  if (status === 404) return new Error(`the document store has no such blob or bucket (HTTP 404): check the store settings`);
  return new Error(`the document store failed the ${what} (HTTP ${status})`);
}

export class DocumentStore {
  constructor(private readonly settings: StoreSettings) {}

  private url(digest: Uint8Array): string {
    return `${this.settings.endpoint.replace(/\/+$/, '')}/${this.settings.bucket}/documents/${bytesToHex(digest)}`;
  }

  private async signed(method: 'GET' | 'PUT', digest: Uint8Array, content?: Uint8Array) {
    const { accessKeyId, secretAccessKey, region } = this.settings;
    // The signer loads with the first transfer: listing documents needs none.
    const { AwsV4Signer } = await import('aws4fetch');
    const signer = new AwsV4Signer({ method, url: this.url(digest), body: content && body(content), accessKeyId, secretAccessKey, region, service: 's3' });
    const { url, headers } = await signer.sign();
    return { url: url.toString(), headers };
  }

  /** Stores `blob` under `digest`, its SHA-256. */
  async put(digest: Uint8Array, blob: Uint8Array, progress?: Progress): Promise<void> {
    const { url, headers } = await this.signed('PUT', digest, blob);
    if (progress && typeof XMLHttpRequest !== 'undefined') return upload(url, headers, blob, progress);
    const response = await fetch(url, { method: 'PUT', headers, body: body(blob) });
    if (!response.ok) throw refused('upload', response.status);
    progress?.(blob.length, blob.length);
  }

  /** The blob stored under `digest`, as the store returns it: unchecked. */
  async get(digest: Uint8Array, progress?: Progress): Promise<Uint8Array> {
    const { url, headers } = await this.signed('GET', digest);
    const response = await fetch(url, { headers });
    if (!response.ok || !response.body) throw refused('download', response.status);
    const total = Number(response.headers.get('content-length') ?? 0);
    const chunks: Uint8Array[] = [];
    let done = 0;
    for (const reader = response.body.getReader(); ; ) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      chunks.push(value);
      done += value.length;
      progress?.(done, total);
    }
    const blob = new Uint8Array(done);
    chunks.reduce((at, chunk) => (blob.set(chunk, at), at + chunk.length), 0);
    return blob;
  }
}

/** A PUT through XMLHttpRequest, whose upload events fetch does not give. */
function upload(url: string, headers: Headers, blob: Uint8Array, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    // The browser sets Host and Content-Length itself and refuses to be told them.
    headers.forEach((value, name) => name !== 'host' && name !== 'content-length' && request.setRequestHeader(name, value));
    request.upload.onprogress = (event) => progress(event.loaded, event.total || blob.length);
    request.onload = () => (request.status < 300 ? resolve() : reject(refused('upload', request.status)));
    request.onerror = () => reject(new Error('the document store cannot be reached: check the store settings'));
    request.send(body(blob));
  });
}
