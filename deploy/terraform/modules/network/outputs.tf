output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "Availability zones the subnets are spread across."
  value       = var.availability_zones
}

output "public_subnet_ids" {
  description = "Public subnets (internet-facing ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and their pods, endpoints, OpenSearch)."
  value       = aws_subnet.private[*].id
}

output "jobs_subnet_ids" {
  description = "Subnets of the Fargate jobs pods, behind the network ACL that bounds their egress."
  value       = aws_subnet.jobs[*].id
}

output "database_subnet_ids" {
  description = "Database subnets (RDS), without a route to the internet."
  value       = aws_subnet.database[*].id
}

output "nat_public_ips" {
  description = "Public egress addresses, for allow-lists at third parties (SMTP, embeddings provider)."
  value       = aws_eip.nat[*].public_ip
}

output "flow_log_group_name" {
  description = "CloudWatch log group receiving the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
