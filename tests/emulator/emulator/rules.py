"""Security group rules as AWS describes them: every rule has its own `Description`
("Description: The security group rule description",
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html),
whatever its source. moto reads a rule's description only from a CIDR source, so
DescribeSecurityGroupRules dropped it from a rule that admits another security group,
and `export terraform` could not tell the tool's rule on the database's group apart.
"""

from moto.ec2.models.security_groups import SecurityGroupRule


def _description(rule: SecurityGroupRule):
    return rule.ip_range.get("Description") or rule.source_group.get("Description")


def install() -> None:
    SecurityGroupRule.description = property(_description)
