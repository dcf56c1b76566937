// E2e scenarios start a whole stack: 120 s per test unless the test says otherwise (see int-timeout.ts).
jest.setTimeout(120_000);
