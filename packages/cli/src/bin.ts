#!/usr/bin/env node
import { endQuietlyOnClosedOutput } from './closedOutput';
import { enableRelaxedSimd } from './relaxedSimd';
import { runProgram } from './runProgram';

// Before anything compiles descent's kernels (they are compiled on first use, not at import).
enableRelaxedSimd();
endQuietlyOnClosedOutput();
process.exitCode = await runProgram(process.argv);
