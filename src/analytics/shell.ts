import { extractPrograms, isShellTool, readShellCommand } from './shell-programs.js';
import { compareText } from './stats.js';
import type { ToolCallRecord } from './tool-calls.js';
import type { ProgramRow, ShellMetrics } from './types.js';

/** Shell calls by the programs they ran; a failed command counts against each program in it. */
export function computeShellMetrics(calls: ToolCallRecord[]): ShellMetrics {
  const rows = new Map<string, ProgramRow & { sessionIds: Set<string> }>();
  let commands = 0;
  let unparsed = 0;
  for (const call of calls) {
    if (!isShellTool(call.name)) continue;
    commands++;
    const command = readShellCommand(call.call.tool?.arguments);
    if (command === null) {
      unparsed++;
      continue;
    }
    const exit = call.output?.tool?.exit_code;
    const failed = typeof exit === 'number' && exit !== 0;
    const programs = extractPrograms(command);
    for (const name of programs) {
      let row = rows.get(name);
      if (!row) {
        row = { name, count: 0, in_failed_commands: 0, sessions: 0, sessionIds: new Set() };
        rows.set(name, row);
      }
      row.count++;
      row.sessionIds.add(call.session_id);
    }
    if (failed) for (const name of new Set(programs)) rows.get(name)!.in_failed_commands++;
  }
  const programs = [...rows.values()]
    .map(({ sessionIds, ...row }) => ({ ...row, sessions: sessionIds.size }))
    .sort((a, b) => b.count - a.count || compareText(a.name, b.name));
  return { commands, programs, unparsed };
}
