package io.ratelab.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes: a ConfigMap holding the sidecar's config and a strategic-merge patch for the Deployment that adds the
 * sidecar container, mounts the ConfigMap and exposes the limiting port. Two variants: RateLab's sidecar
 * ({@code ratelab proxy --config /etc/ratelab/ratelab.yaml --watch}, which reloads the mounted file when the
 * ConfigMap changes) and Envoy with local_ratelimit. The sidecar listens on all pod addresses and forwards to the
 * application on {@code 127.0.0.1:<upstream port>}; point the Service's targetPort at the sidecar. With
 * {@code --snippet}, the sidecar container alone. Stateless and thread-safe.
 */
final class KubernetesExporter implements Exporter {

    /** RateLab publishes no image: build one from the jlink runtime image and tag it like this. */
    static final String RATELAB_IMAGE = "ratelab:latest";
    static final String ENVOY_IMAGE = "envoyproxy/envoy:v1.34-latest";

    static final String SHADOW_NOTE = "Shadow mode: the sidecar runs with --shadow. It decides and counts every"
            + " request as when enforcing but forwards them all; the would-be rejections are"
            + " ratelab_proxy_shadow_rejected_total{limiter} on its admin port (kubectl port-forward deployment/NAME"
            + " 9901, then curl -s 127.0.0.1:9901/metrics | grep shadow_rejected). Add --shadow-header to mark"
            + " them X-RateLimit-Shadow: would-reject for the application, and --record FILE for a recording that"
            + " ratelab verify compares with the prediction. To enforce, remove --shadow from the args (a rollout).";

    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    @Override
    public ExportFormat format() {
        return ExportFormat.K8S;
    }

    @Override
    public ExportResult export(ExportRequest request) {
        boolean envoy = request.k8sSidecar() == K8sSidecar.ENVOY;
        ExportRequest inPod = request.listen().isLoopback()
                ? request.withListen(request.listen().withHost(request.listen().isIpv6() ? "::" : "0.0.0.0"))
                : request;
        // RateLab's sidecar takes shadow mode from --shadow in its args; Envoy's from its config
        ExportResult sidecarConfig = Exporter.forFormat(envoy ? ExportFormat.ENVOY : ExportFormat.RATELAB)
                .export(inPod.withSnippet(false).withShadow(envoy && inPod.shadow()));
        List<String> notes = new ArrayList<>(sidecarConfig.notes());
        if (request.shadow() && !envoy) {
            notes.add(SHADOW_NOTE);
        }
        if (inPod != request) {
            notes.add("The sidecar listens on " + inPod.listen() + " instead of " + request.listen()
                    + ", so that the Service can reach it; the application stays on " + request.upstream() + ".");
        }
        notes.add(envoy ? "Image " + ENVOY_IMAGE + " (dynamic descriptors need Envoy 1.34+)."
                : "Image " + RATELAB_IMAGE + ": RateLab publishes no image; build one from the jlink runtime image"
                + " (mvn -Pjlink package) with bin/ratelab on the PATH, and change the name here.");
        String name = request.k8sDeployment();
        ObjectNode container = container(inPod, envoy);
        String head = ExportNotes.comment(notes, "# ");
        if (request.snippet()) {
            return new ExportResult(head + "# --- a container for spec.template.spec.containers; mount the config"
                    + " at " + mountPath(envoy) + " ---\n" + yaml(container), "k8s-sidecar-container.yaml", notes);
        }
        String text = head + "#\n# Apply the first document (kubectl apply -f), then patch the Deployment with the"
                + " second:\n#   kubectl patch deployment " + name + " --type strategic --patch-file <second"
                + " document>\n# (or list them under kustomize resources: and patches:). Point the Service's"
                + " targetPort at port " + inPod.listen().port() + ".\n"
                + yaml(configMap(name, envoy, sidecarConfig.text())) + "---\n" + yaml(patch(name, envoy, container));
        return new ExportResult(text, ExportFormat.K8S.fileName(), notes);
    }

    private static ObjectNode configMap(String name, boolean envoy, String config) {
        ObjectNode cm = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", configMapName(name, envoy));
        cm.putObject("data").put(envoy ? "envoy.yaml" : "ratelab.yaml", config);
        return cm;
    }

    private static ObjectNode patch(String name, boolean envoy, ObjectNode container) {
        ObjectNode d = YAML.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name);
        ObjectNode pod = d.putObject("spec").putObject("template").putObject("spec");
        pod.putArray("containers").add(container);
        ObjectNode volume = YAML.createObjectNode().put("name", volumeName(envoy));
        volume.putObject("configMap").put("name", configMapName(name, envoy));
        pod.putArray("volumes").add(volume);
        return d;
    }

    private static ObjectNode container(ExportRequest r, boolean envoy) {
        ObjectNode c = YAML.createObjectNode().put("name", envoy ? "envoy" : "ratelab")
                .put("image", envoy ? ENVOY_IMAGE : RATELAB_IMAGE);
        ArrayNode args = c.putArray("args");
        if (envoy) {
            args.add("-c").add(mountPath(true) + "/envoy.yaml");
        } else {
            args.add("proxy").add("--config").add(mountPath(false) + "/ratelab.yaml").add("--watch");
            if (r.shadow()) {
                args.add("--shadow");
            }
        }
        c.putArray("ports").add(YAML.createObjectNode().put("name", "limited-http")
                .put("containerPort", r.listen().port()));
        c.putArray("volumeMounts").add(YAML.createObjectNode().put("name", volumeName(envoy))
                .put("mountPath", mountPath(envoy)).put("readOnly", true));
        c.putObject("readinessProbe").putObject("tcpSocket").put("port", r.listen().port());
        return c;
    }

    private static String mountPath(boolean envoy) {
        return envoy ? "/etc/envoy" : "/etc/ratelab";
    }

    private static String volumeName(boolean envoy) {
        return envoy ? "envoy-config" : "ratelab-config";
    }

    private static String configMapName(String deployment, boolean envoy) {
        return deployment + (envoy ? "-envoy" : "-ratelab");
    }

    private static String yaml(ObjectNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
