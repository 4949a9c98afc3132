# IRSA: pods exchange their projected service-account token for role credentials. Pod
# Identity would be simpler but does not work on Fargate, where the worker runs, so every
# workload uses IRSA for one mechanism everywhere.
resource "aws_iam_openid_connect_provider" "this" {
  url            = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

locals {
  oidc_host = replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")

  # Every service account that gets AWS permissions, with its exact namespace.
  service_accounts = {
    api                          = { namespace = var.app_namespace, name = "agora-api" }
    worker                       = { namespace = var.jobs_namespace, name = "agora-worker" }
    relay                        = { namespace = var.app_namespace, name = "agora-relay" }
    migrate                      = { namespace = var.app_namespace, name = "agora-migrate" }
    external_secrets             = { namespace = "external-secrets", name = "external-secrets" }
    aws_load_balancer_controller = { namespace = "kube-system", name = "aws-load-balancer-controller" }
    cluster_autoscaler           = { namespace = "kube-system", name = "cluster-autoscaler" }
    fluent_bit                   = { namespace = "logging", name = "fluent-bit" }
    ebs_csi                      = { namespace = "kube-system", name = "ebs-csi-controller-sa" }
    vpc_cni                      = { namespace = "kube-system", name = "aws-node" }
    cloudwatch_agent             = { namespace = "amazon-cloudwatch", name = "cloudwatch-agent" }
  }
}

# Trust exactly one service account: the subject pins namespace and name, the audience pins STS.
data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.service_accounts

  statement {
    sid     = "ServiceAccount"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.name}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.service_accounts

  name                 = "${var.name}-${replace(each.key, "_", "-")}"
  description          = "IRSA for ${each.value.namespace}/${each.value.name}"
  assume_role_policy   = data.aws_iam_policy_document.irsa_trust[each.key].json
  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { ServiceAccount = "${each.value.namespace}/${each.value.name}" })
}
