package org.nubis.shell.fakes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;

/**
 * An experiment service in memory: experiments and their instances as the test puts them, fan-outs
 * answering what the test prepared (with exit-code checking as the real service does it), and the
 * arguments of the last call kept for the test to look at.
 */
public final class FakeExperiments implements ExperimentService {

    public final Map<String, Experiment> experiments = new LinkedHashMap<>();
    public final Map<String, List<Machine>> instances = new LinkedHashMap<>();
    /** What run and copy-and-run answer. */
    public List<CommandResult> results = List.of();
    /** What put and get answer. */
    public List<TransferResult> transfers = List.of();
    /** When set, fan-outs and waits act as if the shell's thread was interrupted (Ctrl-C). */
    public boolean interrupted;

    public Set<String> lastTags;
    public String lastCommand;
    public String lastUser;
    public Boolean lastCheck;
    public Duration lastTimeout;
    public ProvisionRequest lastRequest;
    public List<String> lastArgs;

    public FakeExperiments with(String experiment, Machine... machines) {
        experiments.put(experiment, new Experiment(experiment, Samples.CREATED));
        instances.put(experiment, new ArrayList<>(List.of(machines)));
        return this;
    }

    @Override
    public Experiment create(String name) {
        with(name);
        return experiments.get(name);
    }

    @Override
    public List<Experiment> experiments() {
        return new ArrayList<>(experiments.values());
    }

    @Override
    public Experiment experiment(String name) {
        Experiment e = experiments.get(name);
        if (e == null) {
            throw new NotFoundException("no experiment named '" + name + "'");
        }
        return e;
    }

    @Override
    public void destroy(String name) {
        experiment(name);
        experiments.remove(name);
        instances.remove(name);
    }

    @Override
    public void checkProvision(String experiment, ProvisionRequest request) {
        experiment(experiment);
    }

    @Override
    public List<Machine> provision(String experiment, ProvisionRequest request) {
        experiment(experiment);
        lastRequest = request;
        List<Machine> created = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            created.add(Samples.pending(instances.get(experiment).size() + 1));
            instances.get(experiment).add(created.get(i));
        }
        return created;
    }

    @Override
    public List<Machine> awaitReady(String experiment, Set<String> tags, Duration timeout, Progress<Machine> progress)
            throws InterruptedException {
        lastTimeout = timeout;
        List<Machine> selected = list(experiment, tags);
        if (interrupted) {
            throw new InterruptedException();
        }
        for (int i = 0; i < selected.size(); i++) {
            progress.completed(selected.get(i), i + 1, selected.size());
        }
        return selected;
    }

    @Override
    public List<Machine> list(String experiment, Set<String> tags) {
        experiment(experiment);
        lastTags = tags;
        return instances.get(experiment).stream().filter(m -> m.hasAll(tags)).toList();
    }

    @Override
    public List<String> hostnames(String experiment, Set<String> tags, boolean privateNames) {
        return list(experiment, tags).stream().map(m -> privateNames ? m.privateHost() : m.publicHost()).toList();
    }

    @Override
    public List<CommandResult> run(String experiment, Set<String> tags, String command, String user, boolean checkExitCode,
                                   Progress<CommandResult> progress) throws InterruptedException {
        list(experiment, tags);
        lastCommand = command;
        lastUser = user;
        lastCheck = checkExitCode;
        return answer(checkExitCode, progress);
    }

    private List<CommandResult> answer(boolean checkExitCode, Progress<CommandResult> progress) throws InterruptedException {
        if (interrupted) {
            throw new InterruptedException();
        }
        for (int i = 0; i < results.size(); i++) {
            progress.completed(results.get(i), i + 1, results.size());
        }
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        if (checkExitCode && failed > 0) {
            throw new CommandFailedException(failed + " of " + results.size() + " instances failed", results);
        }
        return results;
    }

    @Override
    public List<TransferResult> put(String experiment, Set<String> tags, Path localFile, String remotePath, String user,
                                    Progress<TransferResult> progress) {
        list(experiment, tags);
        lastArgs = List.of(localFile.toString(), remotePath);
        return transfers;
    }

    @Override
    public List<TransferResult> get(String experiment, Set<String> tags, String remotePath, Path localFile, String user,
                                    Progress<TransferResult> progress) {
        list(experiment, tags);
        lastArgs = List.of(remotePath, localFile.toString());
        return transfers;
    }

    @Override
    public List<CommandResult> copyAndRun(String experiment, Set<String> tags, Path script, List<String> args, String user,
                                          boolean checkExitCode, Progress<CommandResult> progress) throws InterruptedException {
        list(experiment, tags);
        lastCommand = script.toString();
        lastArgs = args;
        lastCheck = checkExitCode;
        return answer(checkExitCode, progress);
    }

    @Override
    public List<Machine> deprovision(String experiment, Set<String> tags) {
        List<Machine> gone = list(experiment, tags);
        instances.get(experiment).removeAll(gone);
        return gone.stream().map(m -> m.withState(InstanceState.TERMINATED, "deprovisioned")).toList();
    }
}
