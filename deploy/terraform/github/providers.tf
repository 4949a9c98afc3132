# The token comes from GITHUB_TOKEN at apply time (a repository administrator's, never in
# the repository); owner from the variable.
provider "github" {
  owner = var.github_owner
}
