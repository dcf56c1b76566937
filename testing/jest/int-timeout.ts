// Int tests start servers, databases and processes: on a busy 2-core machine a setup can take far
// longer than jest's 5 s default, so their default is generous (the tests wait on conditions). A
// project's `testTimeout` is not applied by Jest 30 (only the global one is); this setup file is.
jest.setTimeout(60_000);
