import { describe, expect, it, vi } from 'vitest';
import { workerCount } from './workerCount';

// A machine with 7 cores: the default must follow os.availableParallelism(), not a constant.
vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => 7 }));

describe('workerCount (descent sweep --workers)', () => {
  it('defaults to one worker per core (os.availableParallelism)', () => {
    expect(workerCount('sweep', undefined)).toBe(7);
  });

  it('takes --workers when given, an integer >= 1', () => {
    expect(workerCount('sweep', 3)).toBe(3);
    expect(() => workerCount('sweep', 0)).toThrow('sweep: --workers must be an integer >= 1, got 0');
    expect(() => workerCount('lecture', 1.5)).toThrow('lecture: --workers must be an integer >= 1, got 1.5');
  });
});
