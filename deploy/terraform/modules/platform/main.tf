# The whole environment from the eleven building blocks. Names are derived here once, so modules
# that only need a name (the deploy role's targets, the trail the logs bucket admits) get it
# without waiting on another module's outputs.
#
# Two pairs of modules exchange outputs both ways, which Terraform resolves per value because
# the resources themselves form no cycle (ADR 0023):
#   storage <-> cdn       the web bucket feeds the distribution's origin; the distribution's
#                         ARN feeds the bucket policy (aws:SourceArn)
#   eks     <-> database  the cluster security group is admitted by the DB; the DB secret and
#                         resource id feed the workload policies
data "aws_caller_identity" "current" {}

locals {
  name          = "agora-${var.environment}"
  bucket_prefix = "${local.name}-${data.aws_caller_identity.current.account_id}"

  names = {
    cluster    = local.name
    database   = local.name
    repository = "agora"
    opensearch = "${local.name}-logs"
    trail      = "${local.name}-trail"
    app_logs   = "/agora/${var.environment}/app"
    web_bucket = "${local.bucket_prefix}-web"
  }

  api_origin = "https://api.${var.domain_name}"
  tags       = merge(var.tags, { Environment = var.environment })
}

module "security" {
  source = "../security"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name                        = local.name
  environment                 = var.environment
  waf_rate_limit_per_5min     = var.waf_rate_limit_per_5min
  waf_log_retention_days      = var.log_retention_days
  github_org                  = var.github.org
  github_repo                 = var.github.repo
  github_environment          = var.github.environment
  create_github_oidc_provider = var.github.create_oidc_provider
  state_bucket_name           = var.state.bucket_name
  state_kms_key_arn           = var.state.kms_key_arn
  deploy_targets = {
    ecr_repository_name = local.names.repository
    cluster_name        = local.names.cluster
    web_bucket_name     = local.names.web_bucket
    db_identifier       = local.names.database
  }
  tags = local.tags
}

module "network" {
  source = "../network"

  name                     = local.name
  cidr_block               = var.vpc_cidr_block
  availability_zones       = var.availability_zones
  single_nat_gateway       = var.single_nat_gateway
  cluster_name             = local.names.cluster
  interface_endpoints      = var.interface_endpoints
  flow_log_kms_key_arn     = module.security.logs_kms_key_arn
  flow_log_retention_days  = var.log_retention_days
  permissions_boundary_arn = module.security.permissions_boundary_arn
  tags                     = local.tags
}

module "registry" {
  source = "../registry"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  repository_name = local.names.repository
  kms_key_arn     = module.security.data_kms_key_arn
  replicate_to_dr = var.registry_replicate_to_dr
  tags            = local.tags
}

module "queue" {
  source = "../queue"

  name        = local.name
  kms_key_arn = module.security.data_kms_key_arn
  tags        = local.tags
}

# Outgoing email (SES over SMTP) for the environment's domain. The bounce/complaint subscription
# waits for the API like the api DNS records do (ingress known after the first deploy).
module "mail" {
  source = "../mail"

  name                     = local.name
  domain_name              = var.domain_name
  zone_id                  = module.dns.zone_id
  kms_key_arn              = module.security.data_kms_key_arn
  events_endpoint          = var.ingress.alb_dns_name == "" ? "" : "${local.api_origin}/api/v1/email/ses-events"
  permissions_boundary_arn = module.security.permissions_boundary_arn
  tags                     = local.tags
}

module "dns" {
  source = "../dns"

  name                       = local.name
  domain_name                = var.domain_name
  alb_dns_name               = var.ingress.alb_dns_name
  alb_zone_id                = var.ingress.alb_zone_id
  logs_us_east_1_kms_key_arn = module.security.logs_us_east_1_kms_key_arn
  log_retention_days         = var.log_retention_days
  tags                       = local.tags
}

module "storage" {
  source = "../storage"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name                        = local.name
  bucket_prefix               = local.bucket_prefix
  kms_key_arn                 = module.security.data_kms_key_arn
  dr_kms_key_arn              = module.security.dr_kms_key_arn
  cloudfront_distribution_arn = module.cdn.distribution_arn
  cors_allowed_origins        = ["https://${var.domain_name}", "https://www.${var.domain_name}"]
  replicate_to_dr             = var.storage.replicate_to_dr
  backup_lock_mode            = var.storage.backup_lock_mode
  backup_lock_days            = var.storage.backup_lock_days
  backup_expiry_days          = var.storage.backup_expiry_days
  log_expiry_days             = var.storage.log_expiry_days
  cloudtrail_name             = local.names.trail
  permissions_boundary_arn    = module.security.permissions_boundary_arn
  tags                        = local.tags
}

module "cdn" {
  source = "../cdn"

  name                            = local.name
  aliases                         = [var.domain_name, "www.${var.domain_name}"]
  zone_id                         = module.dns.zone_id
  acm_certificate_arn             = module.dns.cloudfront_certificate_arn
  web_acl_arn                     = module.security.waf_cloudfront_acl_arn
  web_bucket_regional_domain_name = module.storage.bucket_regional_domain_names["web"]
  logs_bucket_arn                 = module.storage.bucket_arns["logs"]
  price_class                     = var.cdn_price_class
  api_origin                      = local.api_origin
  tags                            = local.tags
}

module "eks" {
  source = "../eks"

  name                         = local.name
  cluster_name                 = local.names.cluster
  kubernetes_version           = var.cluster.kubernetes_version
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.private_subnet_ids
  jobs_subnet_ids              = module.network.jobs_subnet_ids
  endpoint_public_access_cidrs = var.cluster.endpoint_public_access_cidrs
  eks_kms_key_arn              = module.security.eks_kms_key_arn
  logs_kms_key_arn             = module.security.logs_kms_key_arn
  log_retention_days           = var.log_retention_days
  node_groups                  = var.cluster.node_groups
  cluster_admin_principal_arns = var.cluster.admin_principal_arns
  deploy_principal_arn         = module.security.github_deploy_role_arn
  workload_access = {
    uploads_bucket_arn     = module.storage.bucket_arns["uploads"]
    queue_arns             = module.queue.queue_arns
    dlq_arns               = module.queue.dlq_arns
    data_kms_key_arn       = module.security.data_kms_key_arn
    db_secret_arn          = module.database.master_secret_arn
    smtp_secret_arn        = module.mail.smtp_secret_arn
    db_resource_id         = module.database.resource_id
    app_log_group_name     = local.names.app_logs
    opensearch_domain_name = local.names.opensearch
  }
  permissions_boundary_arn = module.security.permissions_boundary_arn
  tags                     = local.tags
}

module "database" {
  source = "../database"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name                      = local.names.database
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.database_subnet_ids
  client_security_group_ids = { eks-cluster = module.eks.cluster_security_group_id }
  engine_version            = var.database.engine_version
  instance_class            = var.database.instance_class
  allocated_storage_gb      = var.database.allocated_storage_gb
  max_allocated_storage_gb  = var.database.max_allocated_storage_gb
  multi_az                  = var.database.multi_az
  backup_retention_days     = var.database.backup_retention_days
  deletion_protection       = var.database.deletion_protection
  dr_backup_replication     = var.database.dr_backup_replication
  dr_backup_retention_days  = var.database.dr_backup_retention_days
  dr_kms_key_arn            = module.security.dr_kms_key_arn
  kms_key_arn               = module.security.data_kms_key_arn
  logs_kms_key_arn          = module.security.logs_kms_key_arn
  log_retention_days        = var.log_retention_days
  permissions_boundary_arn  = module.security.permissions_boundary_arn
  tags                      = local.tags
}

module "observability" {
  source = "../observability"

  name                       = local.name
  environment                = var.environment
  logs_kms_key_arn           = module.security.logs_kms_key_arn
  logs_us_east_1_kms_key_arn = module.security.logs_us_east_1_kms_key_arn
  data_kms_key_arn           = module.security.data_kms_key_arn
  app_log_group_name         = local.names.app_logs
  log_retention_days         = var.log_retention_days
  alarm_email_addresses      = var.alerting.email_addresses
  pagerduty_endpoint         = var.alerting.pagerduty_endpoint
  slack                      = var.alerting.slack
  cluster_name               = module.eks.cluster_name
  db_instance_identifier     = module.database.instance_identifier
  db_log_group_names         = module.database.log_group_names
  db_max_connections_alarm   = var.database.max_connections_alarm
  queue_names                = module.queue.queue_names
  dlq_names                  = module.queue.dlq_names
  alb_arn_suffix             = var.ingress.alb_arn_suffix
  health_check_ids           = module.dns.health_check_ids
  cloudtrail_name            = local.names.trail
  logs_bucket_name           = module.storage.bucket_names["logs"]
  data_event_bucket_arns     = [for k in ["web", "uploads", "backups"] : module.storage.bucket_arns[k]]
  vpc_id                     = module.network.vpc_id
  vpc_cidr_block             = module.network.vpc_cidr_block
  subnet_ids                 = module.network.private_subnet_ids
  opensearch = merge(var.opensearch, {
    domain_name = local.names.opensearch
  })
  opensearch_admin_role_arn = var.opensearch_admin_role_arn
  log_writer_role_arns = [
    module.eks.irsa_role_arns["logging/fluent-bit"],
    module.eks.fargate_pod_execution_role_arn,
  ]
  permissions_boundary_arn = module.security.permissions_boundary_arn
  tags                     = local.tags
}

data "aws_region" "current" {}

data "aws_region" "dr" {
  provider = aws.dr
}
