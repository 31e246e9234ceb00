// Every page works as server-rendered HTML and forms; no page ships JavaScript it does not need.
export const csr = false;
