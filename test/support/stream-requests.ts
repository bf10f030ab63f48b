import { expect } from 'vitest';
import { batchBody, ERASED_USER, STREAM_CONTENT, type StreamBatch } from './event-stream.js';

/** The requests the differential tests make to a collector at `url`, each expected to succeed. */
export const streamRequests = {
  /** Sends one batch of the stream (`POST /v1/batch`), as sent at `now` (see `batchBody`). */
  async post(url: string, batch: StreamBatch, writeKey: string, now = Date.now()): Promise<void> {
    const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batchBody(batch, writeKey, now) });
    expect(res.status, await res.clone().text()).toBe(200);
  },
  /** Publishes the stream's content. */
  async publish(url: string, secretKey: string): Promise<void> {
    const res = await fetch(`${url}/v1/content`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(STREAM_CONTENT),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  },
  /** Erases the stream's erased user. */
  async erase(url: string, secretKey: string): Promise<void> {
    const res = await fetch(`${url}/v1/users/${ERASED_USER}`, { method: 'DELETE', headers: { authorization: `Bearer ${secretKey}` } });
    expect(res.status).toBe(200);
  },
  /** Recomputes account health now. */
  async recomputeHealth(url: string, secretKey: string): Promise<void> {
    const res = await fetch(`${url}/v1/health/recompute`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` } });
    expect(res.status).toBe(200);
  },
};
