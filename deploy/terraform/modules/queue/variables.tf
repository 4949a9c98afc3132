variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "queues" {
  type = map(object({
    visibility_timeout_seconds = number
    max_receive_count          = number
    message_retention_seconds  = optional(number, 345600)
  }))
  description = "Work queues by name (the three agora's jobs are routed to, ADR 0078). The visibility timeout must exceed the worker's longest job for that queue, or a message is handed out twice; the worker also extends it while a job runs."
  # emails: email.* jobs; analytics: analytics.* events; jobs: every other kind (notifications,
  # digests, rollups, housekeeping), some of which run for minutes, hence the longer timeout.
  # maxReceiveCount 10 is above AGORA_JOB_MAX_ATTEMPTS (8): the worker parks a job that used its
  # attempts in the DLQ itself, with its last error; the redrive policy catches only messages
  # whose workers died while running them.
  default = {
    emails    = { visibility_timeout_seconds = 120, max_receive_count = 10 }
    analytics = { visibility_timeout_seconds = 60, max_receive_count = 10 }
    jobs      = { visibility_timeout_seconds = 300, max_receive_count = 10 }
  }

  validation {
    condition = alltrue([for q in values(var.queues) :
      q.max_receive_count >= 5 && q.visibility_timeout_seconds >= 30 && q.visibility_timeout_seconds <= 43200
    ])
    error_message = "maxReceiveCount must be at least 5 and the visibility timeout between 30 s and 12 h."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key encrypting messages at rest."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}
