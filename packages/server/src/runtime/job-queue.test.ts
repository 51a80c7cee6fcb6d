import { describe, expect, it } from 'vitest';
import { inProcessJobQueue } from './job-queue';

describe('the in-process job queue', () => {
  it('runs queued jobs, retries a failing one, and reports each outcome as data', async () => {
    const queue = inProcessJobQueue();
    const seen: string[] = [];
    queue.work<{ n: number }>(
      'calculate',
      async (job) => {
        seen.push(`${job.data.n}#${job.attempt}`);
        if (job.data.n === 2 && job.attempt < 2) throw new Error('connection lost');
        if (job.data.n === 3) throw new Error('always broken');
        if (job.data.n === 1) await queue.send('calculate', { n: 4 });
      },
      { maxAttempts: 3 },
    );
    const ids = [
      await queue.send('calculate', { n: 1 }),
      await queue.send('calculate', { n: 2 }),
      await queue.send('calculate', { n: 3 }),
    ];
    const outcomes = await queue.drain();
    expect(seen).toEqual(['1#1', '2#1', '3#1', '4#1', '2#2', '3#2', '3#3']);
    expect(outcomes).toEqual([
      { id: ids[0], name: 'calculate', status: 'completed', attempts: 1 },
      { id: expect.any(String), name: 'calculate', status: 'completed', attempts: 1 },
      { id: ids[1], name: 'calculate', status: 'completed', attempts: 2 },
      { id: ids[2], name: 'calculate', status: 'failed', attempts: 3, error: 'always broken' },
    ]);
    expect(await queue.drain()).toEqual([]);
  });

  it('drops a singleton sent again while the first waits, and accepts it once that one finished', async () => {
    const queue = inProcessJobQueue();
    queue.work('backfill', async () => {});
    expect(await queue.send('backfill', {}, { singletonKey: 'metric-1' })).not.toBeNull();
    expect(await queue.send('backfill', {}, { singletonKey: 'metric-1' })).toBeNull();
    expect(await queue.send('backfill', {}, { singletonKey: 'metric-2' })).not.toBeNull();
    expect((await queue.drain()).map((o) => o.status)).toEqual(['completed', 'completed']);
    expect(await queue.send('backfill', {}, { singletonKey: 'metric-1' })).not.toBeNull();
  });

  it('fails a job without a handler with a note naming it', async () => {
    const queue = inProcessJobQueue();
    await queue.send('purge', {});
    expect(await queue.drain()).toEqual([
      {
        id: expect.any(String),
        name: 'purge',
        status: 'failed',
        attempts: 1,
        error: 'no handler for job "purge"; call work("purge", ...) first',
      },
    ]);
  });
});
