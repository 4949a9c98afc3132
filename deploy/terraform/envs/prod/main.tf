# prod: Multi-AZ everything. Three AZs with a NAT gateway each, on-demand nodes across the
# zones, a Multi-AZ database with 30 days of backups and PITR replicated to the DR region,
# S3 and ECR replicated there with Object Lock (COMPLIANCE) on backups, a three-zone search
# domain with dedicated masters, deletion protection everywhere.
module "platform" {
  source = "../../modules/platform"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  environment         = "prod"
  availability_zones  = ["${var.region}a", "${var.region}b", "${var.region}c"]
  vpc_cidr_block      = "10.30.0.0/16"
  single_nat_gateway  = false
  interface_endpoints = ["ecr.api", "ecr.dkr", "sts", "sqs", "logs", "secretsmanager", "kms"]
  domain_name         = var.domain_name

  github = {
    org         = var.github_org
    repo        = var.github_repo
    environment = "production" # the GitHub environment with required reviewers
  }

  state = {
    bucket_name = var.state_bucket_name
    kms_key_arn = var.state_kms_key_arn
  }

  cluster = {
    kubernetes_version           = "1.33"
    endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
    admin_principal_arns         = var.cluster_admin_principal_arns
    node_groups = {
      base = {
        instance_types = ["m7i.xlarge"]
        capacity_type  = "ON_DEMAND"
        min_size       = 3
        max_size       = 12
        desired_size   = 3
        disk_size_gb   = 80
      }
      burst = {
        instance_types = ["m7i.xlarge", "m6i.xlarge", "m6a.xlarge", "m5.xlarge"]
        capacity_type  = "SPOT"
        min_size       = 0
        max_size       = 6
        desired_size   = 0
      }
    }
  }

  database = {
    engine_version           = "17"
    instance_class           = "db.r7g.xlarge"
    allocated_storage_gb     = 200
    max_allocated_storage_gb = 1000
    multi_az                 = true
    backup_retention_days    = 30
    deletion_protection      = true
    dr_backup_replication    = true
    dr_backup_retention_days = 30
    max_connections_alarm    = 800
  }

  storage = {
    replicate_to_dr    = true
    backup_lock_mode   = "COMPLIANCE"
    backup_lock_days   = 35
    backup_expiry_days = 365
    log_expiry_days    = 400
  }

  opensearch = {
    instance_type     = "r7g.large.search"
    instance_count    = 3
    zone_count        = 3
    dedicated_masters = true
    volume_size_gb    = 200
    auto_tune         = true
  }
  opensearch_admin_role_arn = var.opensearch_admin_role_arn

  cdn_price_class          = "PriceClass_200"
  registry_replicate_to_dr = true
  waf_rate_limit_per_5min  = 2000
  log_retention_days       = 365

  alerting = {
    email_addresses    = var.alarm_email_addresses
    pagerduty_endpoint = var.pagerduty_endpoint
    slack              = var.slack_team_id == "" ? null : { team_id = var.slack_team_id, channel_id = var.slack_channel_id }
  }

  ingress = {
    alb_dns_name   = var.ingress_alb.dns_name
    alb_zone_id    = var.ingress_alb.zone_id
    alb_arn_suffix = var.ingress_alb.arn_suffix
  }
}
