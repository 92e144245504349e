package org.nubis.setup.ansible;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.nubis.setup.ansible.cfg}: where ansible-playbook is and where runs keep their files. */
@ObjectClassDefinition(id = AnsibleConfig.PID, name = "Nubis Ansible setup",
        description = "The ansible setup provider and ad-hoc commands: the external ansible-playbook they run")
public @interface AnsibleConfig {

    String PID = "org.nubis.setup.ansible";

    @AttributeDefinition(description = "Path of ansible-playbook; empty means searching PATH (ansible, for ad-hoc "
            + "commands, is taken from the same directory)")
    String ansiblePlaybook() default "";

    @AttributeDefinition(description = "Directory of the runs' files (inventory, ansible.cfg, known_hosts, logs); "
            + "empty means ${karaf.data}/nubis/ansible (outside Karaf ~/.nubis/ansible)")
    String workDir() default "";

    @AttributeDefinition(description = "Ansible forks; 0 means one per node of the cluster, at most 50")
    int forks() default 0;
}
