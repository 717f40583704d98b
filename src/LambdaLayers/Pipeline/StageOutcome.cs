namespace LambdaLayers.Pipeline;

/// <summary>Where a stage's output came from: its own work, an earlier run here, the S3 build cache, or nowhere because the live layer is already current.</summary>
public enum StageOutcome
{
    /// <summary>The stage did its work (installed, or wrote layer.zip).</summary>
    Ran,

    /// <summary>The result of an earlier run in this build folder is still current.</summary>
    Unchanged,

    /// <summary>layer.zip and layer.json were downloaded from the S3 build cache and verified instead of building.</summary>
    FromCache,

    /// <summary>The newest live layer version already carries this fingerprint, so there was nothing to do.</summary>
    LiveLayerCurrent,
}
