# Cluster add-ons the manifests depend on, installed here rather than by the pipeline (ADR
# 0086): the Ingress needs the AWS Load Balancer Controller, the ExternalSecrets need the
# External Secrets Operator, the HPAs need metrics-server, and node groups only grow with
# cluster-autoscaler. Chart versions are pinned deliberately: an upgrade is a reviewed change
# after reading the chart's release notes, never a side effect of a plan. Each controller that
# calls AWS has its own IRSA role (oidc.tf); metrics-server calls no AWS API and gets none.
locals {
  # The service account each IRSA role trusts (oidc.tf), annotated with that role.
  addon_sa = { for k in ["aws_load_balancer_controller", "external_secrets", "cluster_autoscaler"] : k => {
    create      = true
    name        = local.service_accounts[k].name
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.irsa[k].arn }
  } }

  helm_addons = {
    aws-load-balancer-controller = {
      repository = "https://aws.github.io/eks-charts"
      version    = "1.14.1"
      namespace  = "kube-system"
      role       = "aws_load_balancer_controller"
      values = {
        clusterName    = var.cluster_name
        region         = local.region
        vpcId          = var.vpc_id
        serviceAccount = local.addon_sa.aws_load_balancer_controller
      }
    }
    external-secrets = {
      repository = "https://charts.external-secrets.io"
      version    = "0.19.2"
      namespace  = "external-secrets"
      role       = "external_secrets"
      values     = { installCRDs = true, serviceAccount = local.addon_sa.external_secrets }
    }
    metrics-server = {
      repository = "https://kubernetes-sigs.github.io/metrics-server"
      version    = "3.13.0"
      namespace  = "kube-system"
      role       = null
      values     = {}
    }
    # 9.50.1 ships cluster-autoscaler 1.33, the minor of the control plane (var.kubernetes_version).
    cluster-autoscaler = {
      repository = "https://kubernetes.github.io/autoscaler"
      version    = "9.50.1"
      namespace  = "kube-system"
      role       = "cluster_autoscaler"
      values = {
        autoDiscovery = { clusterName = var.cluster_name }
        awsRegion     = local.region
        rbac          = { serviceAccount = local.addon_sa.cluster_autoscaler }
      }
    }
  }
}

resource "helm_release" "addon" {
  for_each = local.helm_addons

  name             = each.key
  repository       = each.value.repository
  chart            = each.key
  version          = each.value.version
  namespace        = each.value.namespace
  create_namespace = each.value.namespace != "kube-system"
  atomic           = true

  values = [yamlencode(each.value.values)]

  depends_on = [aws_eks_node_group.this, aws_eks_addon.after_nodes]
}

# Namespaces, the Fluent Bit ClusterRole, the ClusterSecretStore and the deploy group's Roles
# (charts/agora-cluster). After ESO, whose CRDs the ClusterSecretStore needs.
resource "helm_release" "cluster" {
  name      = "agora-cluster"
  chart     = "${path.module}/charts/agora-cluster"
  namespace = "kube-system"
  atomic    = true

  values = [yamlencode({ region = local.region })]

  depends_on = [helm_release.addon]
}
