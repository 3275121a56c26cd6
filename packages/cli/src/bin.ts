#!/usr/bin/env node
import { endQuietlyOnClosedOutput } from './closedOutput';
import { runProgram } from './runProgram';

endQuietlyOnClosedOutput();
process.exitCode = await runProgram(process.argv);
