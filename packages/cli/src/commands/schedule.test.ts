import { describe, expect, it } from 'vitest';
import { runDescent } from '../../test/runDescent';

describe('descent schedule (the built command)', () => {
  it('prints the spec, its range and a text chart', async () => {
    const { code: status, stdout } = await runDescent(['schedule', 'onecycle:0.1:1000']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^schedule {2}onecycle:0\.1:1000$/m);
    // torch OneCycleLR: maxLr / 25 at step 0, maxLr at pctStart * totalSteps - 1.
    expect(stdout).toMatch(/start 0\.004, max 0\.1 at step 299/);
    expect(stdout).toContain('█');
  });

  it.each([
    [['schedule', 'cosine:abc'], /^descent: schedule: SPEC: cosine\.tMax must be a number, got 'abc'/m],
    [['schedule', 'step:30:0.1', '--lr', '-1'], /^descent: schedule: --lr must be a finite number >= 0, got '-1'$/m],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const { code: status, stderr } = await runDescent(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });
});
