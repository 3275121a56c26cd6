#!/usr/bin/env node
import { endQuietlyOnClosedOutput } from './closedOutput';
import { enableRelaxedSimd } from './relaxedSimd';
import { runProgram } from './runProgram';

enableRelaxedSimd();
endQuietlyOnClosedOutput();
process.exitCode = await runProgram(process.argv);
