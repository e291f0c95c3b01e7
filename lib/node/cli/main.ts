// The sshscope command line: one entry, a sub-command each.

import { importCommand, importHelp } from './import';
import { inspect, inspectHelp } from './inspect';
import { record, recordHelp } from './record';
import { serve, serveHelp } from './serve';
import { simulateCommand, simulateHelp } from './simulate';
import { CliError, UsageError } from './args';
import { TOOL } from './version';

const help = `${TOOL} — see the SSH transport layer (RFC 4253), message by message.

Usage: sshscope <command> [options]

Commands:
  record <host[:port]>   run a handshake against a real server and record it
  serve                  accept real clients and record each handshake
  simulate --out FILE    run client and server in memory and record it
  inspect FILE           print a recording's messages (--json for tools)
  import CAPTURE         an SSH connection from a pcap/pcapng capture, as a recording

Run "sshscope <command> --help" for a command's options and examples.`;

const commands: Record<string, { help: string; run: (argv: string[], out: (s: string) => void) => number | Promise<number> }> = {
  record: { help: recordHelp, run: record },
  serve: { help: serveHelp, run: serve },
  simulate: { help: simulateHelp, run: simulateCommand },
  inspect: { help: inspectHelp, run: inspect },
  import: { help: importHelp, run: importCommand },
};

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    out(TOOL);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    out(`sshscope: unknown command "${name}"\n\n${help}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(cmd.help);
    return 0;
  }
  try {
    if (name === 'serve') {
      // Ctrl-C closes the listener; connections in progress finish and are still recorded.
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      return await serve(rest, out, ac.signal);
    }
    return await cmd.run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      out(`sshscope ${name}: ${e.message}\nRun "sshscope ${name} --help" for usage.`);
      return 2;
    }
    if (e instanceof CliError) {
      out(`sshscope ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
