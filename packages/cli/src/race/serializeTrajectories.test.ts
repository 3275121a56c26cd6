import { surfaces } from '@descent/datasets';
import { runRace } from '@descent/race';
import { describe, expect, it } from 'vitest';
import { csvField, trajectoriesCsv } from './serializeTrajectories';

describe('trajectoriesCsv', () => {
  it('escapes labels a spreadsheet would run as formulas (=, +, -, @) and quotes commas and quotes', () => {
    const labels = ['=HYPERLINK("http://example.com","x")', '+1+2', '-2+3', '@SUM(A1:A2)', 'adam lr=0.1', 'a,b'];
    const racers = labels.map((label) => ({ name: 'sgd', options: { lr: 0.001 }, label }));
    const csv = trajectoriesCsv(runRace({ surface: surfaces.beale, start: [1, 1.5], steps: 2, racers }));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('optimizer,step,x,y,loss');
    expect(lines).toHaveLength(1 + labels.length * 3);
    const firsts = labels.map((_, i) => lines[1 + 3 * i]!);
    expect(firsts[0]).toMatch(/^"'=HYPERLINK\(""http:\/\/example.com"",""x""\)",0,1,1\.5,/);
    expect(firsts[1]).toMatch(/^'\+1\+2,0,/);
    expect(firsts[2]).toMatch(/^'-2\+3,0,/);
    expect(firsts[3]).toMatch(/^'@SUM\(A1:A2\),0,/);
    expect(firsts[4]).toMatch(/^adam lr=0\.1,0,/);
    expect(firsts[5]).toMatch(/^"a,b",0,/);
    // No row of the file starts a live formula.
    for (const line of lines) expect(line).not.toMatch(/^"?[=+\-@]/);
  });

  it('leaves ordinary text alone and escapes tabs and carriage returns too', () => {
    expect(csvField('SGD')).toBe('SGD');
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
  });
});
