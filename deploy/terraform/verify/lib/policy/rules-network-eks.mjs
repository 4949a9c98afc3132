// VPC, subnets, EKS control plane, node launch templates and EBS.
import { blocks, first, isFalse, isTrue, list, mentions, present, value } from "./engine.mjs";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export default [
  {
    id: "CKV2_AWS_11",
    service: "vpc",
    title: "VPC flow logs enabled",
    check(ctx) {
      for (const vpc of ctx.res("aws_vpc")) {
        if (!ctx.res("aws_flow_log").some((f) => mentions(f.body.vpc_id, vpc.type, vpc.name))) ctx.fail(vpc, null, "no aws_flow_log for this VPC");
      }
    },
  },
  {
    id: "CKV2_AWS_12",
    service: "vpc",
    title: "Default security group restricts all traffic",
    checks: ["not-adopted", "has-rules"],
    check(ctx) {
      for (const vpc of ctx.res("aws_vpc")) {
        const sg = ctx.res("aws_default_security_group").find((s) => mentions(s.body.vpc_id, vpc.type, vpc.name));
        if (!sg) ctx.fail(vpc, null, "the default security group is not adopted and emptied (aws_default_security_group)");
        else if (blocks(sg.body, "ingress").length || blocks(sg.body, "egress").length || present(sg.body.ingress) || present(sg.body.egress)) ctx.fail(sg, null, "default security group has rules");
      }
    },
  },
  {
    id: "CKV_AWS_130",
    service: "vpc",
    title: "Subnets do not assign public IPs on launch",
    check(ctx) {
      for (const s of ctx.res("aws_subnet")) if (isTrue(s.body.map_public_ip_on_launch) || (s.body.map_public_ip_on_launch !== undefined && !isFalse(s.body.map_public_ip_on_launch))) ctx.fail(s, "map_public_ip_on_launch", "map_public_ip_on_launch must be false");
    },
  },
  {
    id: "CKV_AWS_38",
    service: "eks",
    title: "EKS public endpoint restricted to listed CIDRs",
    checks: ["open-to-internet", "no-cidrs"],
    check(ctx) {
      for (const c of ctx.res("aws_eks_cluster")) {
        const vc = first(c.body, "vpc_config") ?? {};
        const cidrs = JSON.stringify(vc.public_access_cidrs ?? null);
        if (cidrs.includes("0.0.0.0/0")) ctx.fail(c, "public_access_cidrs", "public endpoint open to 0.0.0.0/0");
        else if (!isFalse(vc.endpoint_public_access) && !present(vc.public_access_cidrs)) ctx.fail(c, "vpc_config", "public endpoint possible without public_access_cidrs (defaults to 0.0.0.0/0)");
      }
    },
  },
  {
    id: "CKV_AWS_39",
    service: "eks",
    title: "EKS private endpoint on, public endpoint not forced on",
    checks: ["private-endpoint-off", "public-endpoint-forced"],
    check(ctx) {
      for (const c of ctx.res("aws_eks_cluster")) {
        const vc = first(c.body, "vpc_config") ?? {};
        if (!isTrue(vc.endpoint_private_access)) ctx.fail(c, "endpoint_private_access", "endpoint_private_access must be true");
        if (isTrue(vc.endpoint_public_access)) ctx.fail(c, "endpoint_public_access", "endpoint_public_access hard-coded true");
      }
    },
  },
  {
    id: "CKV_AWS_37",
    service: "eks",
    title: "EKS control-plane logging for all five log types",
    check(ctx) {
      for (const c of ctx.res("aws_eks_cluster")) {
        const types = list(c.body.enabled_cluster_log_types);
        const missing = LOG_TYPES.filter((t) => !types.includes(t));
        if (missing.length) ctx.fail(c, "enabled_cluster_log_types", `log types missing: ${missing.join(", ")}`);
      }
    },
  },
  {
    id: "CKV_AWS_58",
    service: "eks",
    title: "EKS Secrets envelope encryption with KMS",
    check(ctx) {
      for (const c of ctx.res("aws_eks_cluster")) {
        const enc = first(c.body, "encryption_config");
        if (!enc || !list(enc.resources).includes("secrets") || !present(value(enc, "provider.key_arn"))) ctx.fail(c, "encryption_config", "encryption_config for secrets with a KMS key missing");
      }
    },
  },
  {
    id: "AGORA_EKS_ACCESS_API",
    service: "eks",
    house: true,
    title: "EKS uses access entries only (authentication_mode API), no implicit creator admin",
    checks: ["authentication-mode", "creator-admin"],
    check(ctx) {
      for (const c of ctx.res("aws_eks_cluster")) {
        const ac = first(c.body, "access_config") ?? {};
        if (ac.authentication_mode !== "API") ctx.fail(c, "access_config", "authentication_mode must be API");
        if (!isFalse(ac.bootstrap_cluster_creator_admin_permissions)) ctx.fail(c, "access_config", "bootstrap_cluster_creator_admin_permissions must be false");
      }
    },
  },
  {
    id: "CKV_AWS_79",
    service: "ec2",
    title: "Launch templates require IMDSv2",
    check(ctx) {
      for (const lt of ctx.res("aws_launch_template")) if (value(lt.body, "metadata_options.http_tokens") !== "required") ctx.fail(lt, "metadata_options", "metadata_options.http_tokens must be required");
    },
  },
  {
    id: "CKV_AWS_341",
    service: "ec2",
    title: "Launch templates limit the IMDS hop count to 1",
    check(ctx) {
      for (const lt of ctx.res("aws_launch_template")) if (Number(value(lt.body, "metadata_options.http_put_response_hop_limit")) !== 1) ctx.fail(lt, "metadata_options", "http_put_response_hop_limit must be 1 (pods must not reach the node's credentials)");
    },
  },
  {
    id: "CKV_AWS_8",
    service: "ec2",
    title: "Launch template block devices encrypted",
    checks: ["no-block-devices", "not-encrypted"],
    check(ctx) {
      for (const lt of ctx.res("aws_launch_template")) {
        const devices = blocks(lt.body, "block_device_mappings");
        if (!devices.length) ctx.fail(lt, null, "no block_device_mappings: the root volume's encryption is left to the AMI");
        for (const d of devices) if (!isTrue(value(d, "ebs.encrypted"))) ctx.fail(lt, "block_device_mappings", "ebs.encrypted must be true");
      }
    },
  },
  {
    id: "CKV_AWS_106",
    service: "ec2",
    title: "EBS encryption by default enabled where nodes are launched",
    checks: ["disabled", "no-default-encryption"],
    check(ctx) {
      const defaults = ctx.res("aws_ebs_encryption_by_default");
      for (const d of defaults) if (!isTrue(d.body.enabled)) ctx.fail(d, "enabled", "enabled must be true");
      if (!defaults.length) for (const ng of ctx.res("aws_eks_node_group")) ctx.fail(ng, null, "module launches nodes but does not turn on aws_ebs_encryption_by_default");
    },
  },
];
