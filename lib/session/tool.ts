// The tool name and version every recording's meta.tool carries: the CLI and the browser write the same.
export const TOOL = 'sshscope 0.1.0';
