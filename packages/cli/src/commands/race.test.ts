import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDescent } from '../../test/runDescent';

describe('descent race (the built command)', () => {
  it('races, prints the leaderboard and writes every file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-'));
    const { code: status, stdout } = await runDescent(['race', '--surface', 'beale', '--start', '1,1.5', '--steps', '500', '--optimizer', 'adam:lr=0.1', '--optimizer', 'sgd:lr=0.001', '--no-animation', '--out', out]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^#\s+optimizer/);
    expect(stdout).toMatch(/1\s+adam lr=0\.1\s+\d+\s+.*reached/);
    expect(stdout.split('\n')[0]).toMatch(/steps to 0\.1273/);
    for (const name of ['trajectories.json', 'trajectories.csv', 'race.svg', 'race.png', 'loss.svg', 'loss.png']) expect(existsSync(join(out, name))).toBe(true);
    expect(existsSync(join(out, 'race.gif'))).toBe(false);
    const csv = readFileSync(join(out, 'trajectories.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('optimizer,step,x,y,loss');
    expect(csv).toHaveLength(1 + 2 * 501);
    expect(csv[1]).toMatch(/^adam lr=0\.1,0,1,1\.5,/);
  }, 60_000);

  it.each([
    [['race', '--surface', 'nope', '--optimizer', 'adam'], /race: unknown surface 'nope', expected one of .*beale/],
    [['race', '--optimizer', 'bogus:lr=1'], /unknown optimizer 'bogus'/],
    [['race', '--optimizer', 'adam:lr=fast'], /lr must be a finite number, got 'fast'/],
    [['race', '--optimizer', 'adam', '--start', '9,9'], /--start \(9, 9\) is outside beale's view box \[-4\.5, 4\.5\] x \[-4\.5, 4\.5\]/],
    [['race', '--bogus'], /unknown option '--bogus'/],
    [['race', '--optimizer', 'adam', '--steps', '1000000000'], /race: --steps must be a positive integer at most 1,000,000, got '1000000000'/],
    [['race', '--optimizer', 'adam', '--frames', '1000000'], /race: --frames must be a positive integer at most 1,000, got '1000000'/],
    [['race', '--optimizer', 'adam', '--size', '100000'], /race: --size must be a positive integer at most 2,000, got '100000'/],
    [['race', '--optimizer', 'adam', '--eps', '0.1'], /unknown option '--eps'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-bad-'));
    const { code: status, stderr } = await runDescent([...args, '--out', join(out, 'x')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    // Nothing was written.
    expect(existsSync(join(out, 'x'))).toBe(false);
  });
});
