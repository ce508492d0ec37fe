package io.ratelab.ui;

import io.ratelab.ui.controls.Tips;
import io.ratelab.ui.controls.ViewLoader;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workbench application: builds the main window from FXML, applies the light or dark theme, runs the one
 * frame pump that feeds every live view, and follows the launch arguments ({@link WindowArguments}).
 */
public final class Workbench extends Application {

    static final int[] ICON_SIZES = {16, 32, 48, 64, 128, 256, 512};
    private static final String BASE_CSS = css("base.css");
    private static final String LIGHT_CSS = css("light.css");
    private static final String DARK_CSS = css("dark.css");

    /** The first window's view model, being built while JavaFX starts up (see {@link #launch}), or null. */
    private static final AtomicReference<CompletableFuture<MainWindowViewModel>> PREBUILT = new AtomicReference<>();

    private MainWindowViewModel vm;
    private MainWindowView view;
    private FramePump pump;

    /** Opens the window; returns when it closes. */
    public static void launch(String[] args) {
        StartupLog.mark("main");
        prebuildViewModel();
        Application.launch(Workbench.class, args);
    }

    /**
     * Builds the first window's view model (the default scenario parsed, the recent files read, the feature models
     * made) on a background thread while JavaFX starts up: it needs no toolkit, and the FX thread is the start-up's
     * critical path (issue 10). The future hands it over to the FX thread, which owns it from then on.
     */
    private static void prebuildViewModel() {
        PREBUILT.set(CompletableFuture.supplyAsync(() -> new MainWindowViewModel(RecentFiles.atDefaultLocation()),
                daemon("ratelab-prebuild")));
    }

    /** Runs each task on a new daemon thread named {@code name}: start-up work that must not keep the JVM alive. */
    private static Executor daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** The prebuilt view model when there is one (only the first window takes it), else a new one. */
    private static MainWindowViewModel viewModelForWindow() {
        CompletableFuture<MainWindowViewModel> prebuilt = PREBUILT.getAndSet(null);
        if (prebuilt == null) {
            return new MainWindowViewModel(RecentFiles.atDefaultLocation());
        }
        try {
            return prebuilt.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void start(Stage stage) {
        StartupLog.mark("toolkit");
        vm = viewModelForWindow();
        view = new MainWindowView(vm);
        Parent root = ViewLoader.load(view);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1360, screen.getWidth()), Math.min(860, screen.getHeight()));
        scene.getStylesheets().setAll(BASE_CSS, LIGHT_CSS);
        Tips.enable(scene);
        vm.darkProperty().addListener((obs, o, dark) ->
                scene.getStylesheets().setAll(BASE_CSS, dark ? DARK_CSS : LIGHT_CSS));
        stage.titleProperty().bind(vm.document().titleProperty());
        stage.setOnCloseRequest(view::onCloseRequest);
        addIcons(stage);
        stage.setScene(scene);
        StartupLog.mark("scene");
        pump = FramePump.fromSystemProperties();
        pump.onFrame(vm::onFrame);
        pump.logAlso(this::liveRates);
        pump.start();
        stage.show();
        if (StartupLog.enabled()) {
            StartupLog.mark("shown");
            logFirstFrame(scene);
        }
        follow(arguments());
    }

    /** The launch arguments; none when the window was built directly (tests). */
    private WindowArguments arguments() {
        Parameters p = getParameters();
        return p == null ? WindowArguments.NONE : WindowArguments.parse(p.getRaw());
    }

    /** Opens the file and starts the run the command line asked for. */
    void follow(WindowArguments args) {
        if (args.open() != null) {
            String problem = vm.document().open(args.open());
            if (problem != null) {
                vm.status().warn("Cannot open the scenario: " + problem);
                return;
            }
        }
        if (args.start()) {
            vm.runs().toggleRun();
        }
    }

    /** The live tab's rates for the pulse log: what the UI showed while it was measured. */
    private String liveRates() {
        var live = vm.live();
        return String.format(java.util.Locale.ROOT, "live.running=%b live.offeredPerS=%.0f live.acceptedPerS=%.0f"
                        + " live.offered=%d live.snapshots=%d", vm.runs().runningProperty().get(),
                live.achievedRateProperty().get(), live.acceptedRateProperty().get(), live.offeredProperty().get(),
                live.snapshotsApplied());
    }

    /** Marks "painted" when the second pulse after showing is laid out: the first frame went to the renderer. */
    private static void logFirstFrame(Scene scene) {
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (++pulses[0] == 2) {
                scene.removePostLayoutPulseListener(listener[0]);
                StartupLog.mark("painted");
                if (StartupLog.exitWhenPainted()) {
                    Platform.exit();
                }
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    @Override
    public void stop() {
        if (pump != null) {
            pump.stop();
        }
        if (vm != null) {
            vm.shutdown();
        }
    }

    /** The window's view model (tests drive it). */
    public MainWindowViewModel viewModel() {
        return vm;
    }

    /** The window's view (tests look up its parts). */
    public MainWindowView view() {
        return view;
    }

    /** The single frame pump. */
    public FramePump pump() {
        return pump;
    }

    /**
     * Gives the window its icons. They are decoded on a background thread and set on the FX thread when ready:
     * decoding seven PNGs up to 512 px took a few percent of the FX thread's start-up (issue 10).
     */
    static void addIcons(Stage stage) {
        CompletableFuture.supplyAsync(Workbench::icons, daemon("ratelab-icons"))
                .thenAccept(icons -> Platform.runLater(() -> stage.getIcons().setAll(icons)))
                .exceptionally(e -> {
                    System.err.println("RateLab: the window icons could not be read: " + e.getCause());
                    return null;
                });
    }

    /** The window icons from icons/, smallest first. */
    static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : ICON_SIZES) {
            try (InputStream in = Workbench.class.getResourceAsStream("/icons/ratelab-" + size + ".png")) {
                if (in != null) {
                    icons.add(new Image(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return icons;
    }

    private static String css(String name) {
        return Workbench.class.getResource(name).toExternalForm();
    }
}
