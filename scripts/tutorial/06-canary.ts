import { CATALOG_READ_ROUTES, servedBy, setReads } from "./read-routes";
import { runStep, type Tutorial } from "./tutorial-kit";

const USERS = Array.from({ length: 200 }, (_, i) => `user-${i + 1}`);

/** Which of the users the proxy sends to the catalog service (the sticky key is the x-user-id header). */
async function onService(t: Tutorial): Promise<Set<string>> {
  const users = new Set<string>();
  for (const user of USERS) if ((await servedBy(t, "catalog", "/products/1", { user })) === "catalog") users.add(user);
  return users;
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((user) => b.has(user));

/** Waits until the proxy routes by the new percentage (two equal measurements after a change), then returns the users on the service. */
async function settled(t: Tutorial, changed: (users: Set<string>) => boolean): Promise<Set<string>> {
  let previous = new Set<string>();
  let current = new Set<string>();
  await t.waitFor("the proxy routes by the new percentage", async () => {
    previous = current;
    current = await onService(t);
    return changed(current) && same(previous, current);
  });
  return current;
}

const share = (users: Set<string>) => `${users.size} of ${USERS.length} users (${Math.round((users.size / USERS.length) * 100)}%)`;

// Step 6: a sticky canary: 10% of users, then 50%; a user once on the service stays there.
runStep("Step 6: canary 10%, then 50%, sticky per user", async (t) => {
  await setReads(t, "catalog", "canary", 10);
  const at10 = await settled(t, (users) => users.size > 0 && users.size < USERS.length / 2);
  t.say(`\nAt 10%: ${share(at10)} are answered by the catalog service (x-user-id decides, hashed as Unleash does).`);
  t.check(at10.size >= USERS.length * 0.03 && at10.size <= USERS.length * 0.2, "about a tenth of the users are on the service");
  const again = await onService(t);
  t.check(same(at10, again), "the same users land on the same side on every request (sticky)");

  await setReads(t, "catalog", "canary", 50);
  const at50 = await settled(t, (users) => users.size > at10.size);
  t.say(`\nAt 50%: ${share(at50)} are answered by the catalog service.`);
  t.check(at50.size >= USERS.length * 0.3 && at50.size <= USERS.length * 0.7, "about half of the users are on the service");
  const moved = [...at10].filter((user) => !at50.has(user));
  t.check(moved.length === 0, "every user who was on the service at 10% is still on it at 50%", `back on the monolith: ${moved.join(", ")}`);

  await t.strangler(["status"]);
  t.say(`\nThe monolith's users are still shadowed (duringCanary): \`npx strangler diff ${CATALOG_READ_ROUTES[0]}\` keeps counting.`);
});
