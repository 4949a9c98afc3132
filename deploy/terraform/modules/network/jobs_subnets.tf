# Subnets of the Fargate jobs pods (agora-jobs: the worker) and the network ACL that bounds
# their egress (ADR 0084). The VPC CNI's network policy agent runs on EC2 nodes only, so the
# NetworkPolicies in agora-jobs are not enforced on Fargate, and a Fargate profile takes no
# security group of its own. Pods land in the subnets their profile names, so these subnets
# carry the enforcement: the ACL lets the pods open PostgreSQL in the database tier, HTTPS
# and SMTP submission anywhere (AWS APIs, interface endpoints, SES) and DNS to CoreDNS, the
# same flows as deploy/k8s/base/worker/networkpolicy.yaml; anything else leaving them is
# dropped. Inbound stays with the cluster security group the pods get.
locals {
  # /24 per AZ after the database tier: one address per Fargate pod.
  jobs_cidrs = [for i in range(local.az_count) : cidrsubnet(var.cidr_block, 8, 80 + i)]

  # Connections the pods open. ACLs are stateless: replies to inbound connections (kubelet
  # from the control-plane ENIs, Prometheus from the nodes) leave on ephemeral ports to the
  # private tier; the Amazon DNS server is not filtered by ACLs, CoreDNS on the nodes is.
  jobs_egress = merge(
    { for i, c in local.database_cidrs : "postgres-${i}" => { rule = 100 + i, protocol = "tcp", from = 5432, to = 5432, cidr = c } },
    {
      https = { rule = 110, protocol = "tcp", from = 443, to = 443, cidr = "0.0.0.0/0" }
      smtp  = { rule = 120, protocol = "tcp", from = 587, to = 587, cidr = "0.0.0.0/0" }
    },
    { for i, c in local.private_cidrs : "dns-udp-${i}" => { rule = 130 + i, protocol = "udp", from = 53, to = 53, cidr = c } },
    { for i, c in local.private_cidrs : "dns-tcp-${i}" => { rule = 140 + i, protocol = "tcp", from = 53, to = 53, cidr = c } },
    { for i, c in local.private_cidrs : "replies-${i}" => { rule = 150 + i, protocol = "tcp", from = 1024, to = 65535, cidr = c } },
  )

  # Replies to the pods' own connections (any server they may reach), and inbound from the
  # private tier on unprivileged ports (kubelet 10250, metrics 8080); the cluster security
  # group decides which of those sources may connect at all.
  jobs_ingress = merge(
    { tcp-replies = { rule = 100, protocol = "tcp", from = 1024, to = 65535, cidr = "0.0.0.0/0" } },
    { for i, c in local.private_cidrs : "udp-replies-${i}" => { rule = 110 + i, protocol = "udp", from = 1024, to = 65535, cidr = c } },
  )
}

resource "aws_subnet" "jobs" {
  count = local.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.jobs_cidrs[count.index]
  availability_zone       = var.availability_zones[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-jobs-${var.availability_zones[count.index]}" })
}

# Same egress path as the private tier: its AZ's NAT gateway, the S3 gateway endpoint.
resource "aws_route_table_association" "jobs" {
  count = local.az_count

  subnet_id      = aws_subnet.jobs[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_network_acl" "jobs" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.jobs[*].id

  tags = merge(var.tags, { Name = "${var.name}-jobs" })
}

resource "aws_network_acl_rule" "jobs_egress" {
  for_each = local.jobs_egress

  network_acl_id = aws_network_acl.jobs.id
  egress         = true
  rule_number    = each.value.rule
  rule_action    = "allow"
  protocol       = each.value.protocol
  from_port      = each.value.from
  to_port        = each.value.to
  cidr_block     = each.value.cidr
}

resource "aws_network_acl_rule" "jobs_ingress" {
  for_each = local.jobs_ingress

  network_acl_id = aws_network_acl.jobs.id
  egress         = false
  rule_number    = each.value.rule
  rule_action    = "allow"
  protocol       = each.value.protocol
  from_port      = each.value.from
  to_port        = each.value.to
  cidr_block     = each.value.cidr
}
