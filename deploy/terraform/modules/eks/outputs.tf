output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name)."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "EKS cluster ARN."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority" {
  description = "Base64 CA bundle of the API endpoint."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane, nodes and Fargate pods (the database admits it)."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster (IRSA)."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "irsa_role_arns" {
  description = "IRSA role ARN by service account, keyed namespace/name (eks.amazonaws.com/role-arn annotation)."
  value       = { for k, sa in local.service_accounts : "${sa.namespace}/${sa.name}" => aws_iam_role.irsa[k].arn }
}

output "node_role_arn" {
  description = "IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "fargate_profile_namespace" {
  description = "Namespace scheduled onto Fargate."
  value       = var.jobs_namespace
}

output "fargate_pod_execution_role_arn" {
  description = "Pod execution role of the Fargate profile (its Fluent Bit writes with it)."
  value       = aws_iam_role.fargate.arn
}
