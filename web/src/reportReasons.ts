import type { Schemas } from "./api/client";

type Reason = Schemas["ReportCreate"]["reason"];

// The API's report reasons in words, in the order a reader is offered them.
export const REPORT_REASONS: { value: Reason; label: string }[] = [
  { value: "spam", label: "Spam" },
  { value: "harassment", label: "Harassment" },
  { value: "hate", label: "Hate" },
  { value: "violence", label: "Violence" },
  { value: "sexual", label: "Sexual content" },
  { value: "misinformation", label: "Misinformation" },
  { value: "off_topic", label: "Off topic" },
  { value: "other", label: "Something else" },
];

export function isReason(value: string): value is Reason {
  return REPORT_REASONS.some((r) => r.value === value);
}

// A report's reason for moderators; one the API adds later still reads.
export function reasonLabel(reason: string): string {
  return REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason.replaceAll("_", " ");
}
