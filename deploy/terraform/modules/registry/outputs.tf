output "repository_url" {
  description = "Image repository URL for docker push and Kubernetes image references."
  value       = aws_ecr_repository.this.repository_url
}

output "repository_arn" {
  description = "ARN of the repository."
  value       = aws_ecr_repository.this.arn
}

output "repository_name" {
  description = "Name of the repository."
  value       = aws_ecr_repository.this.name
}

output "dr_repository_url" {
  description = "URL of the replica in the DR region (same name), empty when replication is off."
  value       = var.replicate_to_dr ? "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.dr.region}.amazonaws.com/${var.repository_name}" : ""
}
