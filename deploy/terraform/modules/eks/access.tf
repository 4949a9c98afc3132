# Who may use the Kubernetes API (authentication_mode = API). Admins get cluster admin; the
# GitHub deploy role administers only the application namespaces and may read the rest
# (rollout status, events). Cluster-wide add-ons are installed by an admin principal.
locals {
  deploy_scopes = {
    apps = { policy = "AmazonEKSAdminPolicy", type = "namespace", namespaces = [var.app_namespace, var.jobs_namespace] }
    view = { policy = "AmazonEKSViewPolicy", type = "cluster", namespaces = [] }
  }
}

resource "aws_eks_access_entry" "admin" {
  for_each = toset(var.cluster_admin_principal_arns)

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  type          = "STANDARD"

  tags = var.tags
}

resource "aws_eks_access_policy_association" "admin" {
  for_each = aws_eks_access_entry.admin

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value.principal_arn
  policy_arn    = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "deploy" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = var.deploy_principal_arn
  type          = "STANDARD"

  tags = var.tags
}

resource "aws_eks_access_policy_association" "deploy" {
  for_each = local.deploy_scopes

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.deploy.principal_arn
  policy_arn    = "arn:${local.partition}:eks::aws:cluster-access-policy/${each.value.policy}"

  access_scope {
    type       = each.value.type
    namespaces = each.value.type == "namespace" ? each.value.namespaces : null
  }
}
