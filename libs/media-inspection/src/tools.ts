import { execFile } from 'node:child_process';

/** ffprobe or ffmpeg gave up on a file: its exit, or its stderr, says why. */
export class MediaToolFailed extends Error {
  constructor(
    readonly tool: string,
    readonly reason: 'exit' | 'timeout' | 'output',
    readonly stderr: string,
  ) {
    super(`${tool} failed (${reason}): ${stderr.trim().slice(0, 500)}`);
    this.name = 'MediaToolFailed';
  }
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

export interface ToolRun {
  timeoutMs: number;
  maxOutputBytes: number;
}

/**
 * Runs ffprobe or ffmpeg on a hostile file: an argument array (no shell), a hard timeout, bounded
 * output, and stdin closed so it can never wait for a keypress.
 */
export function runMediaTool(tool: 'ffprobe' | 'ffmpeg', args: string[], run: ToolRun): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      tool,
      args,
      { timeout: run.timeoutMs, maxBuffer: run.maxOutputBytes, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        // A missing binary is a broken deployment, not a broken upload.
        if (code === 'ENOENT') return reject(new Error(`${tool} is not installed or not on PATH`));
        if (error.killed && code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new MediaToolFailed(tool, 'timeout', stderr));
        }
        reject(new MediaToolFailed(tool, code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? 'output' : 'exit', stderr));
      },
    );
    child.stdin?.end();
  });
}

/** ffmpeg's input for a local path; the `file:` prefix stops a name like `x:y` reading as a protocol. */
export function fileInput(path: string): string {
  return `file:${path}`;
}
