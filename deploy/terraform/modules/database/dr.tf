# Cross-region automated-backup replication (CKV_AWS_245): snapshots and transaction logs are
# copied to the DR region, so a point-in-time restore works there if the primary region is
# lost. Supported for Multi-AZ DB instances (not Multi-AZ DB clusters), encrypted with a key
# of the DR region.
resource "aws_db_instance_automated_backups_replication" "dr" {
  count    = var.dr_backup_replication ? 1 : 0
  provider = aws.dr

  source_db_instance_arn = aws_db_instance.this.arn
  kms_key_id             = var.dr_kms_key_arn
  retention_period       = var.dr_backup_retention_days
}
