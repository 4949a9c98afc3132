# Background jobs (agora worker) run on Fargate: every pod in the jobs namespace gets its own
# micro-VM, no nodes to patch. No DaemonSets run there, so logs go through Fargate's built-in
# Fluent Bit (the aws-observability ConfigMap, Kubernetes side) with this role's permissions:
# the app log group and the OpenSearch domain, like Fluent Bit on the nodes.
#
# Network isolation: the VPC CNI's network policy agent does not run on Fargate, so the
# NetworkPolicies in the jobs namespace are not enforced there, and a Fargate profile has no
# security group of its own (its pods get the cluster security group). The profile therefore
# schedules into dedicated subnets whose network ACL allows only the worker's flows
# (modules/network/jobs_subnets.tf, ADR 0084).
data "aws_iam_policy_document" "fargate_assume" {
  statement {
    sid     = "FargatePods"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["eks-fargate-pods.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:eks:${local.region}:${local.account_id}:fargateprofile/${var.cluster_name}/*"]
    }
  }
}

resource "aws_iam_role" "fargate" {
  name                 = "${var.name}-eks-fargate"
  assume_role_policy   = data.aws_iam_policy_document.fargate_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "fargate" {
  role       = aws_iam_role.fargate.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"
}

data "aws_iam_policy_document" "fargate_logging" {
  statement {
    sid = "WriteAppLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.workload_access.app_log_group_name}:*"]
  }

  statement {
    sid = "WriteOpenSearch"
    actions = [
      "es:ESHttpPost",
      "es:ESHttpPut",
    ]
    resources = ["${local.opensearch_id}/*"]
  }
}

resource "aws_iam_role_policy" "fargate_logging" {
  name   = "fargate-fluent-bit"
  role   = aws_iam_role.fargate.id
  policy = data.aws_iam_policy_document.fargate_logging.json
}

resource "aws_eks_fargate_profile" "jobs" {
  cluster_name           = aws_eks_cluster.this.name
  fargate_profile_name   = "jobs"
  pod_execution_role_arn = aws_iam_role.fargate.arn
  subnet_ids             = var.jobs_subnet_ids

  selector {
    namespace = var.jobs_namespace
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy_attachment.fargate]
}
