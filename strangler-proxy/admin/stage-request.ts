import { z } from "zod";
import { STAGES } from "../config/schema";
import { ProxyError, ProxyErrorCode } from "../errors";

const stageBody = z
  .object({
    stage: z.enum(STAGES),
    percent: z.number().int().min(0).max(100).optional(),
    reason: z.string().max(1000).optional(),
    actor: z.string().min(1).max(200).optional(),
    force: z.boolean().optional(),
    /** The holder of the group's live fence lease: how the cut-over moves a write group (`PUT /groups/:group/stage`). */
    fenceHolder: z.string().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.stage === "canary" && body.percent === undefined) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: "stage canary needs percent (0-100)" });
    }
  });

/** A validated `PUT .../stage` body. */
export type StageRequest = z.output<typeof stageBody>;

/** Validates a stage change body; 400 `PROXY_ERR_INVALID_STAGE` listing the valid choices. */
export function parseStageRequest(body: unknown): StageRequest {
  const result = stageBody.safeParse(body ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  throw new ProxyError(
    400,
    ProxyErrorCode.invalidStage,
    `Send {"stage": one of ${STAGES.join(", ")}, "percent": 0-100 (required for canary), "reason"?: text, "force"?: true|false}`,
    fields,
  );
}
