/** Running the real `npm start` in e2e tests. */
export { stackEnvironment } from "./stack-environment";
export type { StackPorts } from "./stack-environment";
