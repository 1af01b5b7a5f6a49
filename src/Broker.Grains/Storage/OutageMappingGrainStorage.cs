using Orleans.Storage;

namespace Broker.Storage;

/// <summary>
/// Wraps a grain storage so that an outage surfaces as <see cref="StorageUnavailableException"/> (a 503 at the
/// gateway) wherever it happens, including while a grain's state is read at activation, where no grain code runs.
/// </summary>
internal sealed class OutageMappingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task MapAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception) when (exception is not OrleansException && StorageErrors.IsTransient(exception))
        {
            throw new StorageUnavailableException("grain state storage is unavailable");
        }
    }
}
