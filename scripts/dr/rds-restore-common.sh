# shellcheck shell=bash
# scripts/dr/rds-restore-common.sh: the settings every restored instance gets,
# the same as Terraform gives the original (deploy/terraform/modules/database):
# RestoreDBInstanceToPointInTime otherwise creates a single-AZ instance in the
# default subnet group, security group and parameter group, without IAM auth,
# log exports, deletion protection or a managed master secret. Sourced.

# Parameters of RestoreDBInstanceToPointInTime the settings below need that
# older CLIs do not know (checked before anything is looked up or restored).
# shellcheck disable=SC2034 # read by the sourcing scripts
RESTORE_API_PARAMS=(BackupRetentionPeriod CACertificateIdentifier ManageMasterUserPassword MasterUserSecretKmsKeyId)

# restore_settings_args SUBNET_GROUP PARAM_GROUP MULTI_AZ(true|false) CLASS SECRET_KMS_KEY SG...
# fills the array RESTORE_ARGS.
restore_settings_args() {
    local subnet=$1 params=$2 multi_az=$3 class=$4 secret_key=$5
    shift 5
    # shellcheck disable=SC2034 # read by the sourcing script
    RESTORE_ARGS=(
        --db-instance-class "$class"
        --db-subnet-group-name "$subnet"
        --vpc-security-group-ids "$@"
        --db-parameter-group-name "$params"
        "$([[ $multi_az == true ]] && echo --multi-az || echo --no-multi-az)"
        --storage-type gp3
        --no-publicly-accessible
        --enable-iam-database-authentication
        --enable-cloudwatch-logs-exports postgresql upgrade
        --deletion-protection
        --copy-tags-to-snapshot
        --backup-retention-period 30
        --ca-certificate-identifier rds-ca-ecc384-g1
        # A new secret for the new instance, rotated by RDS like the original's.
        --manage-master-user-password
        --master-user-secret-kms-key-id "$secret_key"
    )
}
