# EKS-managed add-ons. Versions float to the default for the cluster version on creation and
# are bumped deliberately (addon_versions variable) after reading the release notes.
#
# configuration: the add-on's configuration_values (JSON). The VPC CNI enforces Kubernetes
# NetworkPolicies only with its network policy agent switched on; without it every policy in
# deploy/k8s is accepted and ignored (ADR 0036). Fargate pods are outside the agent: see
# fargate.tf and the network module's jobs subnets. deploy/verify's cross-stack test fails
# when the k8s manifests hold NetworkPolicies and this is not "true".
locals {
  addons = {
    "vpc-cni"                         = { role = "vpc_cni", before_nodes = true, configuration = { enableNetworkPolicy = "true" } }
    "eks-pod-identity-agent"          = { role = null, before_nodes = true, configuration = null }
    "kube-proxy"                      = { role = null, before_nodes = true, configuration = null }
    "coredns"                         = { role = null, before_nodes = false, configuration = null }
    "aws-ebs-csi-driver"              = { role = "ebs_csi", before_nodes = false, configuration = null }
    "amazon-cloudwatch-observability" = { role = "cloudwatch_agent", before_nodes = false, configuration = null }
  }
}

resource "aws_eks_addon" "before_nodes" {
  for_each = { for k, a in local.addons : k => a if a.before_nodes }

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  service_account_role_arn    = each.value.role == null ? null : aws_iam_role.irsa[each.value.role].arn
  configuration_values        = each.value.configuration == null ? null : jsonencode(each.value.configuration)
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags
}

# CoreDNS, the EBS CSI controller and the CloudWatch agent need nodes to schedule on.
resource "aws_eks_addon" "after_nodes" {
  for_each = { for k, a in local.addons : k => a if !a.before_nodes }

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  service_account_role_arn    = each.value.role == null ? null : aws_iam_role.irsa[each.value.role].arn
  configuration_values        = each.value.configuration == null ? null : jsonencode(each.value.configuration)
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags

  depends_on = [aws_eks_node_group.this]
}

resource "aws_iam_role_policy_attachment" "addon_managed" {
  for_each = {
    vpc_cni          = "AmazonEKS_CNI_Policy"
    ebs_csi          = "service-role/AmazonEBSCSIDriverPolicy"
    cloudwatch_agent = "CloudWatchAgentServerPolicy"
  }

  role       = aws_iam_role.irsa[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

# The EBS CSI driver creates volumes encrypted with our key, so it needs grants on it.
data "aws_iam_policy_document" "ebs_csi_kms" {
  statement {
    sid       = "CreateGrantsForEbs"
    actions   = ["kms:CreateGrant"]
    resources = [var.eks_kms_key_arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }

  statement {
    sid = "UseKeyViaEc2"
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ]
    resources = [var.eks_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ec2.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "ebs_csi_kms" {
  name   = "ebs-kms"
  role   = aws_iam_role.irsa["ebs_csi"].id
  policy = data.aws_iam_policy_document.ebs_csi_kms.json
}
