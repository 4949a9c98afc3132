output "state_bucket_name" {
  description = "State bucket of the environment (backend bucket; envs/<env> variable state_bucket_name)."
  value       = aws_s3_bucket.state.bucket
}

output "state_kms_key_arn" {
  description = "KMS key of the state (backend kms_key_id; envs/<env> variable state_kms_key_arn)."
  value       = aws_kms_key.state.arn
}

output "backend_config" {
  description = "Contents of envs/<env>/backend.hcl."
  value       = <<-EOT
    bucket     = "${aws_s3_bucket.state.bucket}"
    region     = "${var.region}"
    kms_key_id = "${aws_kms_key.state.arn}"
  EOT
}
