export { TOOL } from '../../session/tool';
