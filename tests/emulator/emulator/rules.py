"""Security group rules as AWS describes them.

- Every rule has its own `Description`
("Description: The security group rule description",
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html),
whatever its source. moto reads a rule's description only from a CIDR source, so
DescribeSecurityGroupRules dropped it from a rule that admits another security group,
and `export terraform` could not tell the tool's rule on the database's group apart.
- A group that another group's rule in the same VPC refers to cannot be deleted:
  DeleteSecurityGroup "fails with DependencyViolation" when the group "is referenced by
  another security group in the same VPC"
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html).
  moto deleted it and left the rule pointing at nothing.
"""

from moto.ec2.exceptions import DependencyViolationError
from moto.ec2.models.security_groups import SecurityGroupBackend, SecurityGroupRule


def _description(rule: SecurityGroupRule):
    return rule.ip_range.get("Description") or rule.source_group.get("Description")


def _referenced_delete(original):
    def delete_security_group(self, name=None, group_id=None):
        group = self.get_security_group_by_name_or_id(group_id or name)
        if group is not None:
            for other in self.groups.get(group.vpc_id, {}).values():
                if other.id == group.id:
                    continue
                for rule in list(other.ingress_rules) + list(other.egress_rules):
                    if rule.source_group.get("GroupId") == group.id:
                        raise DependencyViolationError(f"resource {group.id} has a dependent object")
        return original(self, name, group_id)

    return delete_security_group


def install() -> None:
    SecurityGroupRule.description = property(_description)
    SecurityGroupBackend.delete_security_group = _referenced_delete(SecurityGroupBackend.delete_security_group)
