# dev: cheap and disposable, yet encrypted and private like the others. Two AZs (the RDS
# subnet group minimum), one NAT gateway, spot nodes, a single-AZ database with a week of
# backups, no DR copies, a one-node OpenSearch.
module "platform" {
  source = "../../modules/platform"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  environment         = "dev"
  availability_zones  = ["${var.region}a", "${var.region}b"]
  vpc_cidr_block      = "10.10.0.0/16"
  single_nat_gateway  = true
  interface_endpoints = ["ecr.api", "ecr.dkr", "sts"]
  domain_name         = var.domain_name

  github = {
    org         = var.github_org
    repo        = var.github_repo
    environment = "dev"
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
      spot = {
        instance_types = ["t3.large", "t3a.large", "m5.large", "m6i.large"]
        capacity_type  = "SPOT"
        min_size       = 1
        max_size       = 3
        desired_size   = 2
        disk_size_gb   = 30
      }
    }
  }

  database = {
    engine_version           = "17"
    instance_class           = "db.t4g.medium"
    allocated_storage_gb     = 20
    max_allocated_storage_gb = 100
    multi_az                 = false
    backup_retention_days    = 7
    deletion_protection      = false
    dr_backup_replication    = false
    max_connections_alarm    = 150
  }

  storage = {
    replicate_to_dr    = false
    backup_lock_mode   = "GOVERNANCE"
    backup_lock_days   = 7
    backup_expiry_days = 30
    log_expiry_days    = 90
  }

  opensearch = {
    instance_type     = "t3.small.search"
    instance_count    = 1
    zone_count        = 1
    dedicated_masters = false
    volume_size_gb    = 20
    auto_tune         = false # not available on t3 instances
  }
  opensearch_admin_role_arn = var.opensearch_admin_role_arn

  cdn_price_class          = "PriceClass_100"
  registry_replicate_to_dr = false
  waf_rate_limit_per_5min  = 1000
  log_retention_days       = 30

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
