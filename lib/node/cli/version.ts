export const TOOL = 'sshscope 0.1.0';
