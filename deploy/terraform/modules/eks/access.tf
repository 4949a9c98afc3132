# Who may use the Kubernetes API (authentication_mode = API). Admins get cluster admin. The
# GitHub deploy role gets no EKS access policy: its access entry puts it in one Kubernetes
# group whose Roles (charts/agora-cluster values.yaml) allow exactly the namespaced kinds the
# pipeline applies, including the external-secrets.io custom resources that EKS access
# policies do not cover. Cluster-scoped objects and the add-ons are Terraform's (ADR 0086).
locals {
  deploy_group = yamldecode(file("${path.module}/charts/agora-cluster/values.yaml")).deploy.group
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
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = var.deploy_principal_arn
  type              = "STANDARD"
  kubernetes_groups = [local.deploy_group]

  tags = var.tags
}
