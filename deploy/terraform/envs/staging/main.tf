# staging: production's shape at a smaller size, for UAT and performance tests. Three AZs,
# NAT per AZ, on-demand nodes with spot burst capacity, a Multi-AZ database with 14 days of
# backups, a two-zone search domain; no DR copies (disaster recovery is production's).
module "platform" {
  source = "../../modules/platform"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  environment         = "staging"
  availability_zones  = ["${var.region}a", "${var.region}b", "${var.region}c"]
  vpc_cidr_block      = "10.20.0.0/16"
  single_nat_gateway  = false
  interface_endpoints = ["ecr.api", "ecr.dkr", "sts", "sqs", "logs", "secretsmanager", "kms"]
  domain_name         = var.domain_name

  github = {
    org         = var.github_org
    repo        = var.github_repo
    environment = "staging"
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
        instance_types = ["m7i.large"]
        capacity_type  = "ON_DEMAND"
        min_size       = 2
        max_size       = 4
        desired_size   = 2
      }
      burst = {
        instance_types = ["m7i.large", "m6i.large", "m6a.large", "m5.large"]
        capacity_type  = "SPOT"
        min_size       = 0
        max_size       = 4
        desired_size   = 0
      }
    }
  }

  database = {
    engine_version           = "17"
    instance_class           = "db.r7g.large"
    allocated_storage_gb     = 50
    max_allocated_storage_gb = 200
    multi_az                 = true
    backup_retention_days    = 14
    deletion_protection      = true
    dr_backup_replication    = false
    max_connections_alarm    = 400
  }

  storage = {
    replicate_to_dr    = false
    backup_lock_mode   = "GOVERNANCE"
    backup_lock_days   = 14
    backup_expiry_days = 90
    log_expiry_days    = 180
  }

  opensearch = {
    instance_type     = "m7g.large.search"
    instance_count    = 2
    zone_count        = 2
    dedicated_masters = false
    volume_size_gb    = 50
    auto_tune         = true
  }
  opensearch_admin_role_arn = var.opensearch_admin_role_arn

  cdn_price_class          = "PriceClass_100"
  registry_replicate_to_dr = false
  waf_rate_limit_per_5min  = 2000
  log_retention_days       = 90

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
